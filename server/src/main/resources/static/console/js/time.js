// Times in the reader's time zone; the UTC instant stays in the element's title (shown on hover)
// and datetime attribute. Forms learn the browser's zone, so that a local expiry means local time.
// timeStyle "long" names the zone (dateStyle/timeStyle exclude a separate timeZoneName).
const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });

export function localize(root = document) {
  for (const element of root.querySelectorAll("time[datetime]")) {
    const instant = new Date(element.getAttribute("datetime"));
    if (!Number.isNaN(instant.getTime())) {
      element.textContent = format.format(instant);
      element.title = instant.toISOString() + " (UTC)";
    }
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const input of root.querySelectorAll("input[data-browser-zone]")) {
    input.value = zone;
  }
}

localize();
