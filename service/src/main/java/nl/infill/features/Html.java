package nl.infill.features;

import java.util.List;
import java.util.Map;

/**
 * Small server-rendered HTML pages for the OGC API's HTML conformance class. Every text from
 * data or the request goes through {@link #esc}.
 */
final class Html {

    private Html() {
    }

    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
                + "nav a{margin-right:1em}</style></head><body>"
                + "<nav><a href=\"" + esc(OgcLinks.rootPath()) + "?f=html\">Infill OGC API - Features</a>"
                + "<a href=\"" + esc(OgcLinks.rootPath()) + "/collections?f=html\">Collections</a></nav>"
                + "<h1>" + esc(title) + "</h1>" + body + "</body></html>";
    }

    static String link(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    static String links(List<Map<String, Object>> links) {
        StringBuilder b = new StringBuilder("<ul>");
        for (Map<String, Object> l : links) {
            b.append("<li>").append(link((String) l.get("href"), String.valueOf(l.getOrDefault("title", l.get("rel")))))
                    .append(" <small>(").append(esc(l.get("rel"))).append(", ").append(esc(l.get("type")))
                    .append(")</small></li>");
        }
        return b.append("</ul>").toString();
    }

    /** A two-column table of names and values. */
    static String table(Map<String, ?> rows) {
        StringBuilder b = new StringBuilder("<table>");
        rows.forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>"));
        return b.append("</table>").toString();
    }
}
