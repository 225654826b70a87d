package dev.cabledger.server.reports;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fonts of the PDF report under {@code cab.reports.pdf.*} (docs/reports.md, "Fonts").
 *
 * @param fallbackFonts TrueType font files (.ttf, or .ttc collections) on the host, in order: a
 *     character DejaVu Sans has no glyph for is drawn with the first of them that has one. Files
 *     that do not exist are skipped. The default names where Debian, Ubuntu and RHEL/Fedora install
 *     Droid Sans Fallback and WenQuanYi Zen Hei and Micro Hei.
 */
@ConfigurationProperties("cab.reports.pdf")
public record PdfFontProperties(
    @DefaultValue({
          // fonts-droid-fallback (Debian, Ubuntu); google-droid-sans-fonts (RHEL, Fedora)
          "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
          "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
          // fonts-wqy-zenhei; wqy-zenhei-fonts
          "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
          "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
          // fonts-wqy-microhei; wqy-microhei-fonts
          "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
          "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"
        })
        List<String> fallbackFonts) {

  public PdfFontProperties {
    fallbackFonts = List.copyOf(fallbackFonts);
    if (fallbackFonts.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("cab.reports.pdf.fallback-fonts: a path is blank");
    }
  }
}
