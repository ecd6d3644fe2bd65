package io.ontobridge.consumers.export;

import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.consumers.tail.GroupView;
import io.ontobridge.schema.Contrast;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.GroupDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The export's HTML report: a section per disagreement group (its description, the leading contrasts as a table, a
 * montage of its members), then every disagreement in a table. Self-contained: styles inline, images as data URLs,
 * every text escaped, nothing fetched from elsewhere.
 */
final class HtmlReport {
    /** Members shown in a group's montage, and contrasts of each kind in its table. */
    static final int MONTAGE = 12;
    static final int CONTRASTS = 5;
    private static final String STYLE = "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse}td,th{padding:.3em .7em;border-bottom:1px solid #eee;"
            + "text-align:left;vertical-align:top}img{width:64px;height:64px;image-rendering:pixelated;"
            + "border:1px solid #ccc}.num{text-align:right;font-variant-numeric:tabular-nums}"
            + ".group{border:1px solid #ddd;border-radius:4px;padding:.2em 1em 1em;margin:1em 0}"
            + ".group h3{margin:.6em 0 .3em}.meta{color:#555;font-size:12px}.description{font-weight:600}"
            + ".description.none{font-weight:normal;color:#777}"
            + ".montage{display:flex;flex-wrap:wrap;gap:4px;margin-top:.6em}.montage img{width:48px;height:48px}"
            + ".contrasts td,.contrasts th{font-size:12px;padding:.15em .6em}";

    private HtmlReport() {
    }

    static String render(List<Disagreement> disagreements, String title) {
        List<GroupView> groups = GroupView.of(disagreements);
        Map<String, String> anchors = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            anchors.put(groups.get(i).key(), "group-" + (i + 1));
        }
        StringBuilder html = new StringBuilder(4096 + disagreements.size() * 1024);
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head>\n<body><h1>").append(escape(title))
                .append("</h1>\n<p>").append(disagreements.size()).append(" disagreements");
        if (!disagreements.isEmpty()) {
            html.append(", detected ").append(disagreements.get(0).getDetectedAt()).append(" to ")
                    .append(disagreements.get(disagreements.size() - 1).getDetectedAt());
        }
        html.append(", in ").append(groups.size()).append(groups.size() == 1 ? " group" : " groups").append(".</p>\n");
        if (!groups.isEmpty()) {
            html.append("<h2>Groups, largest first</h2>\n");
            groups.forEach(g -> group(html, g, anchors.get(g.key())));
        }
        html.append("<h2>Disagreements</h2>\n<table><thead><tr><th>input</th><th>sample</th><th>concept</th>")
                .append("<th>target</th><th>source</th><th>probe</th><th>residual</th><th>kind</th><th>group</th>")
                .append("<th>why</th><th>detected</th></tr></thead><tbody>\n");
        for (Disagreement d : disagreements) {
            row(html, d, anchors.get(GroupView.key(d)));
        }
        html.append("</tbody></table></body></html>\n");
        return html.toString();
    }

    /** One group's section: what the monitor says sets it apart, its leading contrasts and a montage of its members. */
    private static void group(StringBuilder html, GroupView g, String anchor) {
        List<Disagreement> members = g.members();
        html.append("<section class=\"group\" id=\"").append(anchor).append("\" data-group=\"").append(escape(g.key()))
                .append("\">\n<h3>Group ").append(g.id()).append("</h3>\n<p class=\"meta\">")
                .append(escape(g.concept() + ", " + g.target().getName() + "@" + g.target().getVersion())).append(": ")
                .append(g.size()).append(" disagreements so far, ").append(members.size()).append(" of them in this report")
                .append(", detected ").append(g.firstDetected()).append(" to ").append(g.lastDetected());
        if (!g.monitorReviews().isEmpty()) {
            html.append("; verdicts ").append(escape(String.valueOf(g.monitorReviews())));
        }
        html.append("</p>\n");
        GroupDescription description = g.description();
        if (description == null) {
            html.append("<p class=\"description none\">Not described: the monitor describes a group from a few of its ")
                    .append("members that active sampling did not draw, against enough recent samples on their side of ")
                    .append("the concept.</p>\n");
        } else {
            html.append("<p class=\"description\">").append(escape(description.getText())).append("</p>\n")
                    .append("<p class=\"meta\">").append(description.getMembers()).append(" members against ")
                    .append(description.getCompared()).append(" recent samples on their side of the concept</p>\n");
            contrasts(html, description);
        }
        html.append("<div class=\"montage\">");
        List<Disagreement> shown = members.subList(Math.max(0, members.size() - MONTAGE), members.size());
        boolean texts = shown.stream().anyMatch(d -> d.getInput().getText() != null);
        if (texts) {
            html.append("<ul class=\"texts\">");
        }
        for (Disagreement d : shown) {
            if (d.getInput().getImage() != null) {
                html.append("<img alt=\"member ").append(escape(d.getSampleId())).append("\" title=\"")
                        .append(escape(d.getSampleId())).append("\" src=\"data:image/png;base64,")
                        .append(AvroJson.base64(d.getInput().getImage())).append("\">");
            } else if (d.getInput().getText() != null) {
                html.append("<li>").append(escape(d.getInput().getText())).append("</li>");
            }
        }
        html.append(texts ? "</ul></div>\n</section>\n" : "</div>\n</section>\n");
    }

    /** The leading factors (Cliff's delta) and source concepts (standardized mean difference), group against the rest. */
    private static void contrasts(StringBuilder html, GroupDescription description) {
        if (description.getFactors().isEmpty() && description.getSourceConcepts().isEmpty()) {
            return;
        }
        html.append("<table class=\"contrasts\"><thead><tr><th>what</th><th>group</th><th>rest</th>")
                .append("<th class=\"num\">Cliff's delta</th><th class=\"num\">SMD</th></tr></thead><tbody>\n");
        description.getFactors().stream().limit(CONTRASTS).forEach(c -> contrast(html, c.getName(), c));
        description.getSourceConcepts().stream().limit(CONTRASTS).forEach(c -> contrast(html, "source's " + c.getName(), c));
        html.append("</tbody></table>\n");
    }

    private static void contrast(StringBuilder html, String what, Contrast c) {
        html.append("<tr><td>").append(escape(what)).append("</td><td>")
                .append(range(c.getGroupMin(), c.getGroupMax(), c.getGroupMean())).append("</td><td>")
                .append(range(c.getRestMin(), c.getRestMax(), c.getRestMean())).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%+.2f", c.getEffect())).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%+.2f", c.getSmd())).append("</td></tr>\n");
    }

    /** "8.35 to 9.94 (mean 9.10)": "to", since either end may be negative. */
    static String range(double min, double max, double mean) {
        return String.format(Locale.ROOT, "%.2f to %.2f (mean %.2f)", min, max, mean);
    }

    private static void row(StringBuilder html, Disagreement d, String anchor) {
        html.append("<tr data-sample=\"").append(escape(d.getSampleId())).append("\"><td>");
        if (d.getInput().getImage() != null) {
            html.append("<img alt=\"input\" src=\"data:image/png;base64,").append(AvroJson.base64(d.getInput().getImage()))
                    .append("\">");
        } else if (d.getInput().getText() != null) {
            html.append(escape(d.getInput().getText()));
        }
        html.append("</td><td>").append(escape(d.getSampleId()))
                .append("</td><td>").append(escape(d.getConcept()))
                .append("</td><td>").append(escape(d.getTarget().getName() + "@" + d.getTarget().getVersion()))
                .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.4f", d.getFeatureValue()))
                .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.4f", d.getPrediction()))
                .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.4f", d.getResidual()))
                .append("</td><td>").append(escape(d.getKind())).append("</td><td>");
        if (d.getGroup() != null) {
            html.append("<a href=\"#").append(anchor).append("\">").append(d.getGroup().getId()).append("</a> (")
                    .append(d.getGroup().getSize()).append(")");
        }
        html.append("</td><td>").append(escape(d.getReason()))
                .append("</td><td>").append(d.getDetectedAt()).append("</td></tr>\n");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
