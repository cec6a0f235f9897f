package nl.infill.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The plan of the sample city, small enough to keep in memory at any size: a rectilinear grid
 * of street centre lines (column widths and row heights drawn per line from the seed, so a
 * bigger city only adds lines), the 3x3 arrangement of the wijken over the grid, the two
 * RandstadRail lines with their stops, and the special role of the blocks around each stop.
 * Every block's content is then a pure function of (seed, column, row) and this plan.
 */
final class CityLayout {

    /** What a block holds. */
    enum BlockType {
        TERRACED, SEMI_DETACHED, FLATS, CENTRE, OFFICE, INDUSTRY, PARK, WATER, FARM,
        CIVIC, STOP_SHOPS, CAND_UNDERUSED, CAND_OFFICE
    }

    /** A RandstadRail stop; candidate blocks are planted on the side nearest to it. */
    record Stop(double x, double y, String name) {
    }

    record Role(BlockType type, Stop stop) {
    }

    static final double RAIL_OFFSET = 10;
    static final double MOTORWAY_OFFSET = 60;

    private static final BlockType[] RANDOM_TYPES = {BlockType.TERRACED, BlockType.SEMI_DETACHED,
            BlockType.FLATS, BlockType.CENTRE, BlockType.OFFICE, BlockType.INDUSTRY, BlockType.PARK,
            BlockType.WATER, BlockType.FARM};

    private static final Map<Wijk, int[]> WEIGHTS = Map.of(
            Wijk.CENTRUM, new int[] {0, 0, 25, 45, 10, 0, 12, 8, 0},
            Wijk.MEERZICHT, new int[] {50, 0, 30, 0, 0, 0, 12, 8, 0},
            Wijk.BUYTENWEGH, new int[] {60, 5, 15, 0, 0, 0, 12, 8, 0},
            Wijk.SEGHWAERT, new int[] {60, 5, 15, 0, 0, 0, 12, 8, 0},
            Wijk.NOORDHOVE, new int[] {50, 25, 8, 0, 0, 0, 10, 7, 0},
            Wijk.ROKKEVEEN, new int[] {45, 20, 10, 0, 12, 0, 8, 5, 0},
            Wijk.OOSTERHEEM, new int[] {45, 20, 15, 0, 5, 0, 8, 7, 0},
            Wijk.INDUSTRIEGEBIED, new int[] {0, 0, 0, 0, 30, 55, 8, 7, 0},
            Wijk.BUITENGEBIED, new int[] {0, 0, 0, 0, 0, 0, 20, 20, 60});

    private static final String[] STOP_NAMES = {"Centrum-West", "Stadhuis", "Palenstein", "Seghwaert",
            "De Leyens", "Buytenwegh", "Meerzicht", "Driemanspolder", "Voorweg", "Leidsewallen",
            "Dorp", "Javalaan", "Oosterheem", "Van Tuyllpark", "Delftsewallen", "Nathaliegolf",
            "Willem Dreeslaan", "Balijeweg", "De Dissel", "Stadsweg"};

    final long seed;
    final int nx;
    final int ny;
    final double[] xs;
    final double[] ys;
    /**
     * Column lines of the north-south RandstadRail lines and row lines of the east-west ones: one
     * of each through the centre, and in bigger cities more every {@value #RAIL_COLUMN_SPACING}
     * columns and {@value #RAIL_ROW_SPACING} rows, so transit (and the candidates planted at its
     * stops) grows with the city.
     */
    final int[] railColumns;
    final int[] railRows;
    static final int RAIL_COLUMN_SPACING = 30;
    static final int RAIL_ROW_SPACING = 30;
    /** First block column/row of each wijk column/row, plus nx/ny at the end. */
    final int[] colStart;
    final int[] rowStart;
    final List<Stop> stops = new ArrayList<>();
    private final Map<Long, Role> roles = new HashMap<>();

    CityLayout(long seed, int nx, int ny) {
        this.seed = seed;
        this.nx = nx;
        this.ny = ny;
        double[] widths = new double[nx];
        double total = 0;
        for (int i = 0; i < nx; i++) {
            widths[i] = 130 + rng(seed, 1, i, 0).nextInt(61);
            total += widths[i];
        }
        double[] heights = new double[ny];
        double totalH = 0;
        for (int j = 0; j < ny; j++) {
            heights[j] = 72 + rng(seed, 2, j, 0).nextInt(29);
            totalH += heights[j];
        }
        // Centred on Zoetermeer's real centre (about RD 93,500 / 452,000), whole metres.
        xs = new double[nx + 1];
        ys = new double[ny + 1];
        xs[0] = Math.round(93_500 - total / 2);
        ys[0] = Math.round(452_000 - totalH / 2);
        for (int i = 0; i < nx; i++) {
            xs[i + 1] = xs[i] + widths[i];
        }
        for (int j = 0; j < ny; j++) {
            ys[j + 1] = ys[j] + heights[j];
        }
        colStart = new int[] {0, (int) Math.round(nx * 0.32), (int) Math.round(nx * 0.68), nx};
        rowStart = new int[] {0, (int) Math.round(ny * 0.30), (int) Math.round(ny * 0.70), ny};
        railColumns = lines((colStart[1] + colStart[2]) / 2 + 1, RAIL_COLUMN_SPACING, nx);
        railRows = lines((rowStart[1] + rowStart[2]) / 2, RAIL_ROW_SPACING, ny);
        planStops();
    }

    /** The main line first, then every {@code spacing} lines either side, at least 5 lines from the edge. */
    private static int[] lines(int main, int spacing, int last) {
        List<Integer> out = new ArrayList<>();
        out.add(main);
        for (int k = main - spacing; k >= 5; k -= spacing) {
            out.add(k);
        }
        for (int k = main + spacing; k <= last - 5; k += spacing) {
            out.add(k);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean isRailColumn(int i) {
        for (int c : railColumns) {
            if (c == i) {
                return true;
            }
        }
        return false;
    }

    boolean isRailRow(int j) {
        for (int r : railRows) {
            if (r == j) {
                return true;
            }
        }
        return false;
    }

    private void planStops() {
        int k = 0;
        for (int railRow : railRows) {
            k = planRowStops(railRow, railColumns[0], k);
        }
        for (int railColumn : railColumns) {
            k = planColumnStops(railColumn, railRows[0], k);
        }
    }

    private int planRowStops(int railRow, int railColumn, int k) {
        for (int i = 1; i < nx; i++) {
            if (Math.floorMod(i - railColumn, 4) != 0) {
                continue;
            }
            Stop stop = new Stop(xs[i], ys[railRow] - RAIL_OFFSET, stopName(k));
            stops.add(stop);
            boolean flip = k++ % 2 == 1;
            int shops = flip ? i : i - 1;
            int office = flip ? i - 1 : i;
            assign(shops, railRow, BlockType.STOP_SHOPS, stop);
            assign(office, railRow, BlockType.CAND_OFFICE, stop);
            assign(shops, railRow - 1, BlockType.CAND_UNDERUSED, stop);
        }
        return k;
    }

    private int planColumnStops(int railColumn, int railRow, int k) {
        // From row 4 up, so that no candidate block reaches into the A12 noise contour.
        for (int j = 4; j < ny; j++) {
            if (isRailRow(j) || Math.floorMod(j - railRow, 5) != 0) {
                continue;
            }
            Stop stop = new Stop(xs[railColumn] + RAIL_OFFSET, ys[j], stopName(k));
            stops.add(stop);
            boolean flip = k++ % 2 == 1;
            int shops = flip ? j - 1 : j;
            int other = flip ? j : j - 1;
            assign(railColumn, shops, BlockType.STOP_SHOPS, stop);
            assign(railColumn - 1, shops, BlockType.CAND_OFFICE, stop);
            assign(railColumn, other, BlockType.CAND_UNDERUSED, stop);
        }
        return k;
    }

    private String stopName(int k) {
        String base = STOP_NAMES[k % STOP_NAMES.length];
        return k < STOP_NAMES.length ? base : base + " " + (k / STOP_NAMES.length + 1);
    }

    private void assign(int i, int j, BlockType type, Stop stop) {
        if (i < 0 || j < 0 || i >= nx || j >= ny || !wijk(i, j).residential()) {
            return;
        }
        roles.putIfAbsent(key(i, j), new Role(type, stop));
    }

    private static long key(int i, int j) {
        return ((long) i << 32) | (j & 0xffffffffL);
    }

    Wijk wijk(int i, int j) {
        int c = i < colStart[1] ? 0 : i < colStart[2] ? 1 : 2;
        int r = j < rowStart[1] ? 0 : j < rowStart[2] ? 1 : 2;
        return Wijk.at(c, r);
    }

    Role role(int i, int j) {
        return roles.get(key(i, j));
    }

    BlockType type(int i, int j) {
        Role role = role(i, j);
        if (role != null) {
            return role.type();
        }
        Wijk w = wijk(i, j);
        if (w.residential() && i % 6 == 3 && j % 6 == 3) {
            return BlockType.CIVIC;
        }
        int[] weights = WEIGHTS.get(w);
        int total = 0;
        for (int wt : weights) {
            total += wt;
        }
        int pick = rng(seed, 3, i, j).nextInt(total);
        for (int t = 0; t < weights.length; t++) {
            pick -= weights[t];
            if (pick < 0) {
                return RANDOM_TYPES[t];
            }
        }
        throw new IllegalStateException("weights");
    }

    /** Road class of a whole grid line (vertical when {@code vertical}). */
    String lineClass(boolean vertical, int index) {
        int last = vertical ? nx : ny;
        int[] bounds = vertical ? colStart : rowStart;
        if (vertical ? isRailColumn(index) : isRailRow(index)) {
            return "primary";
        }
        if (index == 0 || index == last || index == bounds[1] || index == bounds[2]) {
            return "secondary";
        }
        return index % 4 == 0 ? "tertiary" : "minor";
    }

    /** Half the width of the street space along a grid line: where blocks begin. */
    double halfWidth(boolean vertical, int index) {
        if (vertical ? isRailColumn(index) : isRailRow(index)) {
            return 20; // road plus the sunken RandstadRail track beside it
        }
        return switch (lineClass(vertical, index)) {
            case "primary" -> 12;
            case "secondary" -> 10;
            case "tertiary" -> 8;
            default -> 6;
        };
    }

    /** The block between grid columns i, i+1 and rows j, j+1: the grid cell minus street space. */
    double[] blockRect(int i, int j) {
        return new double[] {xs[i] + halfWidth(true, i), ys[j] + halfWidth(false, j),
                xs[i + 1] - halfWidth(true, i + 1), ys[j + 1] - halfWidth(false, j + 1)};
    }

    double minX() {
        return xs[0];
    }

    double minY() {
        return ys[0];
    }

    double maxX() {
        return xs[nx];
    }

    double maxY() {
        return ys[ny];
    }

    /** A random stream that depends only on the seed and the given coordinates. */
    static SplittableRandom rng(long seed, long a, long b, long c) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ a * 0xBF58476D1CE4E5B9L);
        h = mix(h ^ b * 0x94D049BB133111EBL);
        h = mix(h ^ c * 0xD6E8FEB86659FD93L);
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
