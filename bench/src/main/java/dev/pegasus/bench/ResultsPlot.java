package dev.pegasus.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Draws the CSV of {@code bench/run.sh} as a PNG: throughput per system and workload on the left, p99
 * latency on the right (the slower of a workload's operations, as a client sees it), grouped bars.
 */
@Command(name = "results-plot", mixinStandardHelpOptions = true)
public final class ResultsPlot implements Callable<Integer> {
    private static final Color[] PALETTE = {new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4),
        new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD),
        new Color(0x8C, 0x56, 0x4B)};
    private static final int PANEL_WIDTH = 560;
    private static final int HEIGHT = 420;
    private static final int MARGIN = 60;

    @Option(names = "--csv", required = true)
    Path csv;

    @Option(names = "--png", required = true)
    Path png;

    /** One CSV row: system, workload, operation, ops/s, p50, p99, p999. */
    record Row(String system, String workload, String op, double opsPerSecond, double p99Micros) {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new ResultsPlot()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(new Row(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[5])));
        }
        Set<String> systems = new LinkedHashSet<>();
        Set<String> workloads = new LinkedHashSet<>();
        rows.forEach(r -> {
            systems.add(r.system());
            workloads.add(r.workload());
        });
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        panel(g, 0, "throughput (ops/s)", perWorkload(rows, Row::opsPerSecond, false), systems, workloads);
        panel(g, PANEL_WIDTH, "p99 latency (ms), slowest operation", perWorkload(rows, r -> r.p99Micros() / 1000, true),
                systems, workloads);
        legend(g, systems);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        System.out.println("plot: " + png);
        return 0;
    }

    /** system -> workload -> value; for latency the largest over the workload's operations. */
    private static Map<String, Map<String, Double>> perWorkload(List<Row> rows, ToDoubleFunction<Row> value,
            boolean largest) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.system(), s -> new LinkedHashMap<>())
                    .merge(r.workload(), value.applyAsDouble(r), largest ? Math::max : (a, b) -> a);
        }
        return out;
    }

    private static void panel(Graphics2D g, int x0, String title, Map<String, Map<String, Double>> values,
            Set<String> systems, Set<String> workloads) {
        double max = values.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        int left = x0 + MARGIN;
        int bottom = HEIGHT - MARGIN;
        int plotWidth = PANEL_WIDTH - MARGIN - 20;
        int plotHeight = HEIGHT - 2 * MARGIN;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, MARGIN - 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, left + plotWidth, bottom);
        g.drawLine(left, bottom, left, bottom - plotHeight);
        for (int tick = 0; tick <= 4; tick++) {
            int y = bottom - plotHeight * tick / 4;
            g.setColor(new Color(0xDD, 0xDD, 0xDD));
            g.drawLine(left + 1, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0f", max * tick / 4), x0 + 4, y + 4);
        }
        int groupWidth = plotWidth / Math.max(1, workloads.size());
        int barWidth = Math.max(4, (groupWidth - 16) / Math.max(1, systems.size()));
        int w = 0;
        for (String workload : workloads) {
            int groupLeft = left + w * groupWidth + 8;
            int s = 0;
            for (String system : systems) {
                Double value = values.getOrDefault(system, Map.of()).get(workload);
                if (value != null) {
                    int h = (int) Math.round(plotHeight * value / max);
                    g.setColor(PALETTE[s % PALETTE.length]);
                    g.fillRect(groupLeft + s * barWidth, bottom - h, barWidth - 2, h);
                }
                s++;
            }
            g.setColor(Color.BLACK);
            g.drawString(workload, groupLeft + groupWidth / 2 - 8, bottom + 16);
            w++;
        }
    }

    private static void legend(Graphics2D g, Set<String> systems) {
        int x = MARGIN;
        int s = 0;
        for (String system : systems) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, HEIGHT - 28, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(system, x + 16, HEIGHT - 18);
            x += 30 + g.getFontMetrics().stringWidth(system);
            s++;
        }
    }
}
