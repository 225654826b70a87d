package dev.cabledger.server.reports;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.util.Matrix;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PDF report's charts, drawn by XChart as vectors into the page (pdfbox-graphics2d), their text
 * in the report's embedded font: the JVM's own fonts are never used, so a server without fonts
 * draws the same charts.
 */
final class PdfCharts {
  private static final Color BAR = new Color(0x32, 0x6a, 0xb4);

  private final PDDocument doc;
  private final PdfText text;
  private final Font font;

  PdfCharts(PDDocument doc, PdfText text) throws IOException {
    this.doc = doc;
    this.text = text;
    try (InputStream in = PdfCharts.class.getClassLoader().getResourceAsStream(PdfText.SANS)) {
      if (in == null) {
        throw new IOException("the font " + PdfText.SANS + " is not on the class path");
      }
      font = Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(9f);
    } catch (FontFormatException e) {
      throw new IOException("the font " + PdfText.SANS + " cannot be read", e);
    }
  }

  /** Changes by their signed risk level. */
  CategoryChart byRisk(Map<String, Long> byRiskLevel, int width, int height) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width)
            .height(height)
            .title("Changes by risk level")
            .yAxisTitle("changes")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.addSeries(
        "changes",
        new ArrayList<>(byRiskLevel.keySet()),
        new ArrayList<Number>(byRiskLevel.values()));
    return chart;
  }

  /** Decisions per week of the period. */
  XYChart perWeek(Map<LocalDate, Long> weeks, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title("Decisions per week (weeks from Monday, UTC)")
            .yAxisTitle("decisions")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setDatePattern("yyyy-MM-dd");
    chart.getStyler().setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisMin(0.0);
    List<Date> x = new ArrayList<>();
    List<Number> y = new ArrayList<>();
    weeks.forEach(
        (w, n) -> {
          x.add(Date.from(w.atStartOfDay(ZoneOffset.UTC).toInstant()));
          y.add(n);
        });
    chart.addSeries("decisions", x, y).setMarker(SeriesMarkers.CIRCLE).setLineColor(BAR);
    return chart;
  }

  /** Approvals per approver, the most first. */
  CategoryChart perApprover(List<Map.Entry<String, Long>> approvers, int width, int height) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width)
            .height(height)
            .title("Approvals per approver")
            .yAxisTitle("approvals")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    chart.addSeries(
        "approvals",
        approvers.stream().map(Map.Entry::getKey).toList(),
        approvers.stream().map(e -> (Number) e.getValue()).toList());
    return chart;
  }

  private void style(Styler styler) {
    styler.setBaseFont(font);
    styler.setChartTitleFont(font.deriveFont(Font.BOLD, 11f));
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setSeriesColors(new Color[] {BAR});
    styler.setAntiAlias(true);
  }

  /** Draws a chart with its lower left corner at (x, y) of the page. */
  void draw(PdfCanvas canvas, Chart<?, ?> chart, float x, float y) throws IOException {
    PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, chart.getWidth(), chart.getHeight());
    try (PdfBoxGraphics2DFontTextDrawer fonts = new PdfBoxGraphics2DFontTextDrawer()) {
      // The chart's text as text in the embedded font, not as outlines.
      fonts.registerFont(font.getFontName(), text.font());
      g.setFontTextDrawer(fonts);
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
    canvas.content().saveGraphicsState();
    canvas.content().transform(Matrix.getTranslateInstance(x, y));
    canvas.content().drawForm(g.getXFormObject());
    canvas.content().restoreGraphicsState();
  }
}
