package io.meshkit.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart (no library: a few axes, polylines and labels), for the plots the report
 * embeds: latency against offered load, throughput against event loops. The y axis may be
 * logarithmic (latency spans from sub-millisecond to seconds at saturation).
 */
final class Chart {
    /** One line: points as (x, y), drawn in order; non-positive y values are skipped on a log axis. */
    record Series(String name, String color, boolean dashed, List<double[]> points) {}

    private static final int W = 720;
    private static final int H = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    /** Whole numbers on the x axis (a count, such as event loops). */
    private boolean integerX;

    Chart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    Chart integerX() {
        integerX = true;
        return this;
    }

    Chart add(Series s) {
        if (!s.points().isEmpty()) {
            series.add(s);
        }
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    String svg() {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (logY && p[1] <= 0) {
                    continue;
                }
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMin = Math.min(yMin, p[1]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
            yMin = 1;
            yMax = 10;
        }
        xMin = Math.min(0, xMin);
        double[] xt = integerX && xMax - xMin <= 16 ? wholeTicks(xMin, xMax) : ticks(xMin, xMax);
        xMax = xt[xt.length - 1];
        double[] yt;
        if (logY) {
            double lo = Math.pow(10, Math.floor(Math.log10(yMin)));
            double hi = Math.pow(10, Math.ceil(Math.log10(yMax)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            int n = (int) Math.round(Math.log10(hi / lo));
            yt = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                yt[i] = lo * Math.pow(10, i);
            }
        } else {
            yt = ticks(Math.min(0, yMin), yMax);
        }
        final double x0 = xMin;
        final double x1 = xMax;
        final double y0 = yt[0];
        final double y1 = yt[yt.length - 1];
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator sy = y -> logY
                ? TOP + ph - (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) * ph
                : TOP + ph - (y - y0) / (y1 - y0) * ph;

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, esc(title)));
        for (double t : xt) {
            double x = sx.applyAsDouble(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, TOP + ph));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP + ph + 16, esc(num(t))));
        }
        for (double t : yt) {
            double y = sy.applyAsDouble(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, LEFT + pw, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, y + 4, esc(num(t))));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", LEFT, TOP, pw, ph));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + pw / 2, H - 10, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "%s</text>%n", TOP + ph / 2, esc(yLabel)));
        int ly = TOP + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (double[] p : s.points()) {
                if (logY && p[1] <= 0) {
                    continue;
                }
                double x = sx.applyAsDouble(p[0]);
                double y = sy.applyAsDouble(p[1]);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        x, y, s.color()));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    pts.toString().trim(), s.color(), s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            b.append(dots);
            int lx = LEFT + pw + 12;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", lx, ly, lx + 24, ly, s.color(),
                    s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 30, ly + 4, esc(s.name())));
            ly += 18;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** About five round ticks from {@code lo} to at least {@code hi}. */
    static double[] ticks(double lo, double hi) {
        if (hi <= lo) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double start = Math.floor(lo / step) * step;
        int n = (int) Math.ceil((hi - start) / step - 1e-9);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static double[] wholeTicks(double lo, double hi) {
        int a = (int) Math.floor(lo);
        int b = Math.max(a + 1, (int) Math.ceil(hi));
        double[] t = new double[b - a + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = a + i;
        }
        return t;
    }

    private static String num(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
