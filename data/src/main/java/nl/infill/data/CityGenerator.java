package nl.infill.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import nl.infill.data.CityLayout.BlockType;
import nl.infill.data.CityLayout.Role;
import nl.infill.data.CityLayout.Stop;

/**
 * Draws the city block by block. With a writer it streams every feature into the GeoPackage;
 * without one it only counts, which is how the grid is sized to the requested parcel count
 * (the same code path, so the count is exact).
 */
final class CityGenerator {

    static final String MUNICIPALITY = "GM0637";
    static final String KIND_UNDERUSED = "underused_parcel";
    static final String KIND_OFFICE = "ageing_office";

    private static final String[] STEMS = {"Aker", "Berken", "Dahlia", "Eiken", "Essen", "Fluiten",
            "Goudsbloem", "Hazelaar", "Iepen", "Jasmijn", "Kastanje", "Linden", "Meidoorn", "Narcis",
            "Olmen", "Populier", "Rozen", "Seringen", "Tulpen", "Vlier", "Wilgen", "Zonnebloem",
            "Amazone", "Donau", "Eufraat", "Ganges", "Hudson", "Indus", "Jordaan", "Kongo", "Loire",
            "Maas", "Nijl", "Oder", "Rijn", "Schelde", "Theems", "Wolga", "Zambezi", "Molen",
            "Boeren", "Kerk", "Markt", "Polder", "Veen", "Meer", "Sloot", "Dijk", "Gaarde", "Brink"};
    private static final String[] MAIN_ROADS = {"Australiëweg", "Aziëweg", "Afrikaweg", "Oostweg",
            "Zoetermeerse Rijweg", "Broekweg", "Voorweg", "Van Leeuwenhoeklaan", "Amerikaweg",
            "Buytenwegh", "Mandelabrug", "Willem Dreeslaan", "Zegwaartseweg", "Bredewater"};
    private static final String[] MINOR_SUFFIX = {"straat", "hof", "erf", "kade", "gaarde"};

    /**
     * Gross floor area per m2 of BAG usable area: the service's {@code analysis.unit_gross_factor()}.
     * Units get usable areas that add up to their building's gross floor area divided by it, so
     * loading them moves no parcel's existing floor area by more than rounding.
     */
    static final double GROSS_PER_USABLE = 1.2;
    static final String UNIT_IN_USE = "Verblijfsobject in gebruik";
    /**
     * A residential building of at most this gross floor area is one house (terraced and
     * semi-detached houses, farmhouses); a larger one holds flats.
     */
    private static final double HOUSE_MAX_GROSS_M2 = 400;

    private final CityLayout city;
    private final GpkgWriter out;

    int parcels;
    int buildings;
    int zones;
    int amenities;
    int neighbourhoods;
    int streets;
    int constraints;
    /** BAG-like verblijfsobjecten, and how many of them are dwellings; counted only when writing. */
    int units;
    int dwellings;
    int candidates;
    private final int[] sectionCounters = new int[26];
    private long buildingCounter;

    CityGenerator(CityLayout city, GpkgWriter out) {
        this.city = city;
        this.out = out;
    }

    void run() {
        neighbourhoodsAndCorridors();
        for (int j = 0; j <= city.ny; j++) {
            horizontalStreets(j);
            if (j < city.ny) {
                for (int i = 0; i <= city.nx; i++) {
                    verticalStreet(i, j);
                }
                for (int i = 0; i < city.nx; i++) {
                    block(i, j);
                }
            }
            if (out != null) {
                out.flush();
            }
        }
    }

    // ---------------------------------------------------------------- city-wide features

    private void neighbourhoodsAndCorridors() {
        for (Wijk w : Wijk.values()) {
            double x0 = city.xs[city.colStart[w.col]];
            double x1 = city.xs[city.colStart[w.col + 1]];
            double y0 = city.ys[city.rowStart[w.row]];
            double y1 = city.ys[city.rowStart[w.row + 1]];
            neighbourhoods++;
            if (out != null) {
                out.add("neighbourhoods", GpkgGeometry.rectangle(x0, y0, x1, y1), x0, y0, x1, y1,
                        w.code, w.label, MUNICIPALITY, 2022, w.population, w.pct0to14, w.pct15to24,
                        w.pct25to44, w.pct45to64, w.pct65plus, w.dwellings);
            }
        }
        // A12: along the south edge, outside the blocks; not walkable, crossed by no street.
        double my = city.minY() - CityLayout.MOTORWAY_OFFSET;
        double mx = city.minX() - 600;
        for (int i = 0; i <= city.nx + 1; i++) {
            double next = i <= city.nx ? city.xs[i] : city.maxX() + 600;
            street(mx, my, next, my, "motorway", "A12", false);
            mx = next;
        }
        constraint(city.minX() - 600, my - 250, city.maxX() + 600, my + 250, "noise", "soft",
                "Geluidzone A12 (55 dB Lden)");
        // RandstadRail: east-west lines beside their row's road, north-south lines beside their
        // column's road. The track runs in a cutting, so streets pass over it without a junction;
        // it is split at every street line and wherever two rail lines meet.
        for (int row : city.railRows) {
            double ry = city.ys[row] - CityLayout.RAIL_OFFSET;
            double[] cuts = new double[city.nx + 2 + city.railColumns.length];
            int n = 0;
            cuts[n++] = city.minX() - 600;
            for (int i = 0; i <= city.nx; i++) {
                cuts[n++] = city.xs[i];
            }
            for (int c : city.railColumns) {
                cuts[n++] = city.xs[c] + CityLayout.RAIL_OFFSET;
            }
            railLine(cuts, n, ry, true);
        }
        for (int col : city.railColumns) {
            double rx = city.xs[col] + CityLayout.RAIL_OFFSET;
            double[] cuts = new double[city.ny + 1 + city.railRows.length];
            int n = 0;
            for (int j = 0; j <= city.ny; j++) {
                cuts[n++] = city.ys[j];
            }
            for (int r : city.railRows) {
                cuts[n++] = city.ys[r] - CityLayout.RAIL_OFFSET;
            }
            railLine(cuts, n, rx, false);
        }
        for (Stop s : city.stops) {
            amenity(s.x(), s.y(), "pt_stop", "RandstadRail " + s.name());
        }
    }

    private void railLine(double[] cuts, int n, double at, boolean eastWest) {
        double[] sorted = Arrays.copyOf(cuts, n);
        Arrays.sort(sorted);
        for (int k = 0; k + 1 < sorted.length; k++) {
            if (sorted[k + 1] > sorted[k]) {
                if (eastWest) {
                    street(sorted[k], at, sorted[k + 1], at, "light_rail", "RandstadRail", false);
                } else {
                    street(at, sorted[k], at, sorted[k + 1], "light_rail", "RandstadRail", false);
                }
            }
        }
    }

    private void horizontalStreets(int j) {
        String lineClass = city.lineClass(false, j);
        String lineName = lineName(false, j, lineClass);
        for (int i = 0; i < city.nx; i++) {
            String cls = segmentClass(lineClass, j > 0 ? city.type(i, j - 1) : null,
                    j < city.ny ? city.type(i, j) : null);
            street(city.xs[i], city.ys[j], city.xs[i + 1], city.ys[j], cls,
                    cls.equals("path") ? pathName(lineName) : lineName, true);
            if (!lineClass.equals("minor") && !lineClass.equals("tertiary") && i % 3 == 1 && !city.isRailRow(j)) {
                amenity(city.xs[i] + 25, city.ys[j] + 4, "pt_stop", "Bushalte " + lineName);
            }
        }
    }

    private void verticalStreet(int i, int j) {
        String lineClass = city.lineClass(true, i);
        String lineName = lineName(true, i, lineClass);
        String cls = segmentClass(lineClass, i > 0 ? city.type(i - 1, j) : null,
                i < city.nx ? city.type(i, j) : null);
        street(city.xs[i], city.ys[j], city.xs[i], city.ys[j + 1], cls,
                cls.equals("path") ? pathName(lineName) : lineName, true);
    }

    /** A minor street beside a park or water becomes a footpath (fietspad/voetpad). */
    private static String segmentClass(String lineClass, BlockType a, BlockType b) {
        if (lineClass.equals("minor") && (isOpen(a) || isOpen(b))) {
            return "path";
        }
        return lineClass;
    }

    private static boolean isOpen(BlockType t) {
        return t == BlockType.PARK || t == BlockType.WATER;
    }

    private String lineName(boolean vertical, int index, String cls) {
        int h = Math.floorMod((int) (CityLayout.rng(city.seed, vertical ? 4 : 5, index, 0).nextLong() >>> 33),
                1 << 30);
        if (cls.equals("primary")) {
            String main = vertical ? "Europaweg" : "Amerikaweg";
            return index == (vertical ? city.railColumns[0] : city.railRows[0]) ? main : main + " " + index;
        }
        if (cls.equals("secondary")) {
            return MAIN_ROADS[h % MAIN_ROADS.length];
        }
        String stem = STEMS[h % STEMS.length];
        String suffix = cls.equals("tertiary") ? "laan" : MINOR_SUFFIX[(h / STEMS.length) % MINOR_SUFFIX.length];
        return stem + suffix;
    }

    private static String pathName(String lineName) {
        return lineName + " (voetpad)";
    }

    // ---------------------------------------------------------------- blocks

    private void block(int i, int j) {
        double[] rect = city.blockRect(i, j);
        double x0 = rect[0];
        double y0 = rect[1];
        double x1 = rect[2];
        double y1 = rect[3];
        Wijk w = city.wijk(i, j);
        BlockType type = city.type(i, j);
        SplittableRandom r = CityLayout.rng(city.seed, 7, i, j);
        Block b = new Block(i, j, x0, y0, x1, y1, w, r);
        switch (type) {
            case TERRACED -> rows(b, 5.4, 7.2, false);
            case SEMI_DETACHED -> rows(b, 10, 14, true);
            case FLATS -> flats(b, b.x0, b.x1);
            case CENTRE -> centre(b);
            case OFFICE -> offices(b, b.x0, b.x1);
            case INDUSTRY -> industry(b);
            case PARK -> park(b);
            case WATER -> water(b);
            case FARM -> farms(b);
            case CIVIC -> civic(b, false);
            case STOP_SHOPS -> civic(b, true);
            case CAND_UNDERUSED, CAND_OFFICE -> candidateBlock(b, type, city.role(i, j));
        }
        if (type != BlockType.PARK && type != BlockType.WATER && type != BlockType.CAND_UNDERUSED
                && type != BlockType.CAND_OFFICE) {
            zoning(b, type);
        }
    }

    /** A block's rectangle, wijk and random stream. */
    private record Block(int i, int j, double x0, double y0, double x1, double y1, Wijk wijk,
            SplittableRandom r) {
        double midY() {
            return round((y0 + y1) / 2);
        }
    }

    /** Rows of houses on both long sides, back gardens meeting in the middle of the block. */
    private void rows(Block b, double minW, double maxW, boolean detached) {
        double mid = b.midY();
        for (int side = 0; side < 2; side++) {
            boolean south = side == 0;
            double ly0 = south ? b.y0 : mid;
            double ly1 = south ? mid : b.y1;
            double[] cuts = cuts(b.r, b.x0, b.x1, minW, maxW);
            int rowYear = year(b.r, b.wijk);
            int storeys = b.wijk == Wijk.OOSTERHEEM || b.r.nextInt(4) == 0 ? 3 : 2;
            double setback = 3 + b.r.nextInt(3);
            double depth = 9 + b.r.nextInt(3);
            for (int k = 0; k + 1 < cuts.length; k++) {
                double px0 = cuts[k];
                double px1 = cuts[k + 1];
                parcel(b, px0, ly0, px1, ly1);
                if (b.r.nextInt(50) == 0) {
                    continue; // a vacant lot or a garage yard
                }
                double bx0 = detached ? px0 + 1.5 : px0;
                double bx1 = detached ? px1 - 1.5 : px1;
                double by0 = south ? ly0 + setback : ly1 - setback - depth;
                building(bx0, by0, bx1, by0 + depth, rowYear + b.r.nextInt(3) - 1, "wonen", storeys, false);
            }
        }
    }

    private void flats(Block b, double fx0, double fx1) {
        double[] cuts = cuts(b.r, fx0, fx1, 35, 60);
        for (int k = 0; k + 1 < cuts.length; k++) {
            parcel(b, cuts[k], b.y0, cuts[k + 1], b.y1);
            if (b.r.nextInt(7) == 0 || cuts[k + 1] - cuts[k] < 20) {
                continue; // parking
            }
            // Centrum's flats are Palenstein's 1960s-70s galerijflats; elsewhere the wijk's decade.
            int year = b.wijk == Wijk.CENTRUM ? 1966 + b.r.nextInt(13) : year(b.r, b.wijk);
            int storeys = switch (b.wijk) {
                case MEERZICHT, CENTRUM -> 4 + b.r.nextInt(7);
                case BUYTENWEGH, SEGHWAERT -> 4 + b.r.nextInt(3);
                case OOSTERHEEM -> 4 + b.r.nextInt(5);
                default -> 3 + b.r.nextInt(3);
            };
            double depth = 11 + b.r.nextInt(3);
            double cy = b.midY();
            building(cuts[k] + 4, cy - depth / 2, cuts[k + 1] - 4, cy + depth / 2, year, "wonen", storeys, false);
            if ((b.wijk == Wijk.MEERZICHT || b.wijk == Wijk.BUYTENWEGH || b.wijk == Wijk.CENTRUM)
                    && b.r.nextInt(25) == 0) {
                amenity((cuts[k] + cuts[k + 1]) / 2, b.y0 + 2, "community_care",
                        "Zorgcentrum " + STEMS[b.r.nextInt(STEMS.length)] + "hof");
            }
        }
    }

    private void centre(Block b) {
        double mid = b.midY();
        for (int side = 0; side < 2; side++) {
            boolean south = side == 0;
            double ly0 = south ? b.y0 : mid;
            double ly1 = south ? mid : b.y1;
            double[] cuts = cuts(b.r, b.x0, b.x1, 14, 30);
            for (int k = 0; k + 1 < cuts.length; k++) {
                parcel(b, cuts[k], ly0, cuts[k + 1], ly1);
                if (b.r.nextInt(12) == 0) {
                    continue; // parking square
                }
                double depth = round((ly1 - ly0) * 0.7);
                double by0 = south ? ly0 : ly1 - depth;
                boolean monument = b.r.nextInt(50) == 0;
                int roll = b.r.nextInt(100);
                String use = monument ? "winkel" : roll < 45 ? "winkel" : roll < 80 ? "wonen" : "kantoor";
                int storeys = monument ? 2 : use.equals("winkel") ? 2 + b.r.nextInt(3) : 3 + b.r.nextInt(6);
                int year = monument ? 1880 + b.r.nextInt(50) : 1972 + b.r.nextInt(41);
                building(cuts[k] + 0.5, by0, cuts[k + 1] - 0.5, by0 + depth, year, use, storeys, monument);
                if (monument) {
                    constraint(cuts[k], ly0, cuts[k + 1], ly1, "monument", "hard", "Monument Dorpsstraat");
                }
                if (use.equals("winkel") && b.r.nextInt(15) == 0) {
                    amenity((cuts[k] + cuts[k + 1]) / 2, south ? ly0 + 1 : ly1 - 1, "supermarket",
                            supermarketName(b.r));
                }
            }
        }
    }

    private void offices(Block b, double fx0, double fx1) {
        double[] cuts = cuts(b.r, fx0, fx1, 40, 70);
        for (int k = 0; k + 1 < cuts.length; k++) {
            parcel(b, cuts[k], b.y0, cuts[k + 1], b.y1);
            if (b.r.nextInt(4) == 0 || cuts[k + 1] - cuts[k] < 24) {
                continue; // parking
            }
            double depth = 14 + b.r.nextInt(5);
            double cy = b.midY();
            building(cuts[k] + 6, cy - depth / 2, cuts[k + 1] - 6, cy + depth / 2, officeYear(b.r, b.wijk),
                    "kantoor", 3 + b.r.nextInt(6), false);
        }
    }

    private void industry(Block b) {
        double mid = b.midY();
        for (int side = 0; side < 2; side++) {
            boolean south = side == 0;
            double ly0 = south ? b.y0 : mid;
            double ly1 = south ? mid : b.y1;
            double[] cuts = cuts(b.r, b.x0, b.x1, 35, 60);
            for (int k = 0; k + 1 < cuts.length; k++) {
                parcel(b, cuts[k], ly0, cuts[k + 1], ly1);
                if (b.r.nextInt(10) == 0 || cuts[k + 1] - cuts[k] < 14) {
                    continue;
                }
                double by0 = south ? ly0 + 8 : ly0 + 3;
                double by1 = south ? ly1 - 3 : ly1 - 8;
                building(cuts[k] + 5, by0, cuts[k + 1] - 5, by1, 1970 + b.r.nextInt(36), "industrie",
                        1 + b.r.nextInt(2), false);
            }
        }
    }

    private void park(Block b) {
        parcel(b, b.x0, b.y0, b.x1, b.y1);
        zone(b.x0, b.y0, b.x1, b.y1, b.wijk, "groen", 3, 0.02, 0.0);
        if (b.r.nextBoolean()) {
            constraint(b.x0, b.y0, b.x1, b.y1, "protected_green", "hard", "Groenstructuur " + b.wijk.label);
        }
    }

    private void water(Block b) {
        parcel(b, b.x0, b.y0, b.x1, b.y1);
        zone(b.x0, b.y0, b.x1, b.y1, b.wijk, "water", 0, 0.0, 0.0);
        constraint(b.x0, b.y0, b.x1, b.y1, "water", "hard", "Plas " + b.wijk.label);
    }

    private void farms(Block b) {
        double[] cuts = cuts(b.r, b.x0, b.x1, 60, 120);
        for (int k = 0; k + 1 < cuts.length; k++) {
            parcel(b, cuts[k], b.y0, cuts[k + 1], b.y1);
            int year = 1890 + b.r.nextInt(86);
            boolean monument = year < 1930 && b.r.nextInt(4) == 0;
            building(cuts[k] + 6, b.y0 + 5, cuts[k] + 18, b.y0 + 17, year, "wonen", 1 + b.r.nextInt(2), monument);
            if (cuts[k + 1] - cuts[k] >= 56) {
                building(cuts[k] + 24, b.y0 + 8, cuts[k] + 50, b.y0 + 28, year + b.r.nextInt(40), "industrie", 1,
                        false);
            }
            if (monument) {
                constraint(cuts[k], b.y0, cuts[k + 1], b.y1, "monument", "hard", "Monumentale boerderij");
            }
        }
    }

    /**
     * A neighbourhood centre (school, health centre with GP and pharmacy, supermarket, community
     * centre) or, beside a RandstadRail stop, a shopping block with supermarket and health centre.
     */
    private void civic(Block b, boolean atStop) {
        double w = b.x1 - b.x0;
        double[] cuts = {b.x0, round(b.x0 + w * 0.3), round(b.x0 + w * 0.55), round(b.x0 + w * 0.8), b.x1};
        String[] uses = atStop ? new String[] {"winkel", "gezondheidszorg", "winkel", "wonen"}
                : new String[] {"onderwijs", "gezondheidszorg", "winkel", "bijeenkomst"};
        for (int k = 0; k < 4; k++) {
            double lx0 = cuts[k];
            double lx1 = cuts[k + 1];
            parcel(b, lx0, b.y0, lx1, b.y1);
            int storeys = uses[k].equals("wonen") ? 5 : uses[k].equals("onderwijs") ? 2 : 1 + b.r.nextInt(2);
            double cy = b.midY();
            building(lx0 + 4, cy - 8, lx1 - 4, cy + 8, year(b.r, b.wijk), uses[k], storeys, false);
            double ax = round((lx0 + lx1) / 2);
            double ay = b.y0 + 2;
            switch (uses[k] + (atStop ? "@" + k : "")) {
                case "onderwijs" -> amenity(ax, ay, "primary_school", "Basisschool " + STEMS[b.r.nextInt(STEMS.length)]);
                case "gezondheidszorg", "gezondheidszorg@1" -> {
                    amenity(ax, ay, "gp", "Huisartsenpraktijk " + b.wijk.label);
                    amenity(ax + 3, ay, "pharmacy", "Apotheek " + b.wijk.label);
                }
                case "winkel", "winkel@0" -> amenity(ax, ay, "supermarket", supermarketName(b.r));
                case "bijeenkomst" -> {
                    if (b.r.nextBoolean()) {
                        amenity(ax, ay, "community_care", "Wijkcentrum " + b.wijk.label);
                    }
                }
                default -> {
                    // other shops and flats carry no amenity
                }
            }
        }
    }

    /**
     * The planted ground truth: on the side of the block nearest the stop, one large lot that is
     * either nearly empty (a small 1960s-70s pavilion) or holds a 1970s-80s office slab, under a
     * generous mixed-use plan; the rest of the block is ordinary flats or offices.
     */
    private void candidateBlock(Block b, BlockType type, Role role) {
        Stop stop = role.stop();
        boolean westEnd = Math.abs(stop.x() - b.x0) <= Math.abs(stop.x() - b.x1);
        // Wide enough for at least ~3,600 m2 also in the shallow blocks beside the rail corridor.
        double lotW = Math.min(b.x1 - b.x0 - 20, Math.max(50 + b.r.nextInt(16), Math.ceil(3_600 / (b.y1 - b.y0))));
        double cx0 = westEnd ? b.x0 : b.x1 - lotW;
        double cx1 = westEnd ? b.x0 + lotW : b.x1;
        String id = parcel(b, cx0, b.y0, cx1, b.y1);
        double area = (cx1 - cx0) * (b.y1 - b.y0);
        double cy = b.midY();
        double fsi = type == BlockType.CAND_OFFICE ? 3.0 : 2.5;
        double distance = Math.hypot(stop.x() - (cx0 + cx1) / 2, stop.y() - cy);
        String note;
        if (type == BlockType.CAND_UNDERUSED) {
            int year = 1962 + b.r.nextInt(15);
            double fw = 10 + b.r.nextInt(5);
            double fd = 12 + b.r.nextInt(5);
            String use = new String[] {"winkel", "industrie", "bijeenkomst"}[b.r.nextInt(3)];
            double bx0 = round((cx0 + cx1 - fw) / 2);
            building(bx0, b.y0 + 6, bx0 + fw, b.y0 + 6 + fd, year, use, 1, false);
            note = String.format(Locale.ROOT, "%.0f m2 parcel with one %s pavilion of %.0f m2 from %d;"
                    + " gemengd zoning FSI %.1f; %.0f m from RandstadRail %s", area, use, fw * fd, year, fsi,
                    distance, stop.name());
        } else {
            int year = 1972 + b.r.nextInt(17);
            int storeys = 4 + b.r.nextInt(2);
            double depth = 14;
            // A slab of at most ~45 m: existing FSI stays well under 1 on any candidate lot.
            double length = Math.min(cx1 - cx0 - 20, 40 + b.r.nextInt(6));
            double ox0 = round((cx0 + cx1 - length) / 2);
            building(ox0, cy - depth / 2, ox0 + length, cy + depth / 2, year, "kantoor", storeys, false);
            note = String.format(Locale.ROOT, "%.0f m2 parcel with a %d-storey office from %d (%.0f m2 floor"
                    + " area); gemengd zoning FSI %.1f; %.0f m from RandstadRail %s", area, storeys, year,
                    length * depth * storeys, fsi, distance, stop.name());
        }
        candidates++;
        if (out != null) {
            out.candidate(id, type == BlockType.CAND_OFFICE ? KIND_OFFICE : KIND_UNDERUSED, note);
        }
        double rx0 = westEnd ? cx1 : b.x0;
        double rx1 = westEnd ? b.x1 : cx0;
        if (rx1 - rx0 > 1) {
            if (type == BlockType.CAND_OFFICE) {
                offices(b, rx0, rx1);
            } else {
                flats(b, rx0, rx1);
            }
        }
        zone(b.x0, b.y0, b.x1, b.y1, b.wijk, "gemengd", type == BlockType.CAND_OFFICE ? 40 : 30, 0.75, fsi);
    }

    // ---------------------------------------------------------------- zoning

    private record Rule(String function, double maxHeight, double maxCoverage, Double maxFsi) {
    }

    private Rule rule(BlockType type, SplittableRandom r) {
        return switch (type) {
            case TERRACED, SEMI_DETACHED -> new Rule("wonen", 10 + r.nextInt(3), 0.5 + r.nextInt(2) * 0.1,
                    r.nextBoolean() ? null : 1.0 + r.nextInt(3) * 0.1);
            case FLATS -> new Rule("wonen", 15 + r.nextInt(19), 0.4 + r.nextInt(2) * 0.1,
                    r.nextInt(3) == 0 ? null : 1.5 + r.nextInt(2) * 0.5);
            case CENTRE -> new Rule("centrum", 20 + r.nextInt(26), 0.8 + r.nextInt(3) * 0.1, 2.0 + r.nextInt(3) * 0.5);
            case OFFICE -> new Rule("kantoor", 20 + r.nextInt(21), 0.5 + r.nextInt(2) * 0.1, 1.5 + r.nextInt(2) * 0.5);
            case INDUSTRY -> new Rule("bedrijf", 12 + r.nextInt(4), 0.7, null);
            case FARM -> new Rule("agrarisch", 10, 0.1, null);
            case CIVIC, STOP_SHOPS -> new Rule("maatschappelijk", 12 + r.nextInt(4), 0.5, 1.0);
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    /**
     * One plan area per block; now and then the boundary between two plan areas crosses the
     * block (so some parcels fall in two zones), and rarely part of a block has no plan at all.
     */
    private void zoning(Block b, BlockType type) {
        SplittableRandom r = CityLayout.rng(city.seed, 8, b.i, b.j);
        Rule main = rule(type, r);
        boolean splittable = type == BlockType.TERRACED || type == BlockType.FLATS || type == BlockType.CENTRE
                || type == BlockType.OFFICE;
        int roll = r.nextInt(1000);
        double cut = round(b.x0 + (b.x1 - b.x0) * (0.3 + 0.4 * r.nextDouble()));
        if (splittable && roll < 15) {
            zone(b.x0, b.y0, cut, b.y1, b.wijk, main);
        } else if (splittable && roll < 100) {
            Rule other = type == BlockType.CENTRE || type == BlockType.OFFICE
                    ? new Rule("gemengd", 25 + r.nextInt(16), 0.7, 2.5)
                    : new Rule("maatschappelijk", 12, 0.5, 1.0);
            zone(b.x0, b.y0, cut, b.y1, b.wijk, main);
            zone(cut, b.y0, b.x1, b.y1, b.wijk, other);
        } else {
            zone(b.x0, b.y0, b.x1, b.y1, b.wijk, main);
        }
    }

    private void zone(double x0, double y0, double x1, double y1, Wijk w, Rule rule) {
        zone(x0, y0, x1, y1, w, rule.function(), rule.maxHeight(), rule.maxCoverage(), rule.maxFsi());
    }

    private void zone(double x0, double y0, double x1, double y1, Wijk w, String function, double maxHeight,
            double maxCoverage, Double maxFsi) {
        zones++;
        if (out != null) {
            out.add("zoning", GpkgGeometry.rectangle(x0, y0, x1, y1), x0, y0, x1, y1,
                    String.format(Locale.ROOT, "NL.IMRO.0637.BP%s-%07d", w.code.substring(6), zones),
                    "Bestemmingsplan " + w.label, function, maxHeight, round2(maxCoverage),
                    maxFsi == null ? null : round2(maxFsi));
        }
    }

    // ---------------------------------------------------------------- feature emitters

    private String parcel(Block b, double x0, double y0, double x1, double y1) {
        parcels++;
        int n = ++sectionCounters[b.wijk.section - 'A'];
        if (out == null) {
            return null;
        }
        String id = String.format(Locale.ROOT, "ZTM00-%c-%05d", b.wijk.section, n);
        out.add("parcels", GpkgGeometry.rectangle(x0, y0, x1, y1), x0, y0, x1, y1, id, MUNICIPALITY,
                round2((x1 - x0) * (y1 - y0)));
        return id;
    }

    private void building(double x0, double y0, double x1, double y1, int year, String use, int storeys,
            boolean monument) {
        if (x1 - x0 < 3 || y1 - y0 < 3) {
            return;
        }
        buildings++;
        long n = ++buildingCounter;
        if (out == null) {
            return;
        }
        double footprint = (x1 - x0) * (y1 - y0);
        double height = use.equals("industrie") ? 4.0 + storeys * 4.0 : storeys * 3.0 + (monument ? 3.0 : 1.0);
        String id = String.format(Locale.ROOT, "063710%010d", n);
        out.add("buildings", GpkgGeometry.rectangle(x0, y0, x1, y1), x0, y0, x1, y1, id, year, use, storeys,
                round2(height), round2(footprint * storeys), "Pand in gebruik", monument);
        units(id, n, x0, y0, x1, y1, use, storeys);
    }

    /**
     * The BAG verblijfsobjecten of a residential or mixed building, as points inside its footprint:
     * a house is one dwelling; flats hold dwellings of 55-95 m2 usable area on average, stacked
     * floor by floor along its long side; a centre shop of three or more storeys is a shop on the
     * ground floor with flats above (winkel met bovenwoningen). Offices, halls, schools and the
     * like get none, as a pand the units file does not cover: the analysis keeps their footprint x
     * storeys. A stream of its own per building (tag 9), so the rest of the city stays as it was.
     */
    private void units(String buildingId, long n, double x0, double y0, double x1, double y1, String use,
            int storeys) {
        boolean mixed = use.equals("winkel") && storeys >= 3;
        if (!use.equals("wonen") && !mixed) {
            return;
        }
        SplittableRandom r = CityLayout.rng(city.seed, 9, n, 0);
        double footprint = (x1 - x0) * (y1 - y0);
        if (!mixed && footprint * storeys <= HOUSE_MAX_GROSS_M2) {
            unit(r, buildingId, x0 + (x1 - x0) * (0.3 + 0.4 * r.nextDouble()),
                    y0 + (y1 - y0) * (0.3 + 0.4 * r.nextDouble()), "wonen", usable(footprint * storeys), true);
            return;
        }
        if (mixed) {
            unit(r, buildingId, (x0 + x1) / 2, (y0 + y1) / 2, "winkel", usable(footprint), false);
        }
        int floors = mixed ? storeys - 1 : storeys;
        int total = usable(footprint * floors);
        int size = 55 + r.nextInt(41);
        // at least one dwelling a floor, and none under 20 m2 in a narrow shop's upper floors
        int count = Math.max(1, Math.min(Math.max(floors, (int) Math.round((double) total / size)), total / 20));
        int perFloor = (count + floors - 1) / floors;
        boolean alongX = x1 - x0 >= y1 - y0;
        double[] weights = new double[count + 1];
        for (int k = 0; k < count; k++) {
            weights[k + 1] = weights[k] + 0.85 + 0.3 * r.nextDouble();
        }
        for (int k = 0; k < count; k++) {
            // cumulative rounding: the dwellings' areas add up to the total exactly
            int area = (int) (Math.round(total * weights[k + 1] / weights[count])
                    - Math.round(total * weights[k] / weights[count]));
            double t = (k % perFloor + 0.5) / perFloor;
            double x = alongX ? x0 + (x1 - x0) * t : (x0 + x1) / 2;
            double y = alongX ? (y0 + y1) / 2 : y0 + (y1 - y0) * t;
            unit(r, buildingId, x, y, "wonen", area, true);
        }
    }

    private void unit(SplittableRandom r, String buildingId, double x, double y, String use, int usableM2,
            boolean dwelling) {
        units++;
        if (dwelling) {
            dwellings++;
        }
        double px = round2(x);
        double py = round2(y);
        // Mostly in use; a few per thousand with BAG's other statuses of existing units (the ones
        // the bag-verblijfsobject preset keeps), so filters and legends meet them too
        int roll = r.nextInt(1000);
        String status = roll < 6 ? "Verblijfsobject in gebruik (niet ingemeten)"
                : roll < 10 ? "Verblijfsobject buiten gebruik"
                : roll < 13 ? "Verbouwing verblijfsobject" : UNIT_IN_USE;
        out.add("units", GpkgGeometry.point(px, py), px, py, px, py,
                String.format(Locale.ROOT, "063701%010d", units), buildingId, use, (double) usableM2, status);
    }

    /** BAG's usable area (gebruiksoppervlakte, whole m2) of a gross floor area. */
    private static int usable(double grossM2) {
        return (int) Math.round(grossM2 / GROSS_PER_USABLE);
    }

    private void amenity(double x, double y, String type, String name) {
        amenities++;
        if (out != null) {
            out.add("amenities", GpkgGeometry.point(x, y), x, y, x, y,
                    String.format(Locale.ROOT, "ZTM-VZ-%07d", amenities), type, name);
        }
    }

    private void street(double x0, double y0, double x1, double y1, String cls, String name, boolean walkable) {
        streets++;
        if (out != null) {
            out.add("streets", GpkgGeometry.segment(x0, y0, x1, y1), Math.min(x0, x1), Math.min(y0, y1),
                    Math.max(x0, x1), Math.max(y0, y1), String.format(Locale.ROOT, "ZTM-WEG-%07d", streets), cls,
                    name, walkable);
        }
    }

    private void constraint(double x0, double y0, double x1, double y1, String kind, String severity, String name) {
        constraints++;
        if (out != null) {
            out.add("constraints", GpkgGeometry.rectangle(x0, y0, x1, y1), x0, y0, x1, y1,
                    String.format(Locale.ROOT, "ZTM-BEP-%06d", constraints), kind, severity, name);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Lot boundaries from x0 to x1 with widths in [minW, maxW]; a short rest joins the last lot. */
    private static double[] cuts(SplittableRandom r, double x0, double x1, double minW, double maxW) {
        int max = (int) Math.ceil((x1 - x0) / minW) + 2;
        double[] c = new double[max];
        int n = 0;
        c[n++] = x0;
        double pos = x0;
        while (x1 - pos > maxW) {
            pos = round(pos + minW + r.nextDouble() * (maxW - minW));
            c[n++] = pos;
        }
        if (x1 - pos < minW * 0.6 && n > 1) {
            n--;
        }
        c[n++] = x1;
        return Arrays.copyOf(c, n);
    }

    private static int year(SplittableRandom r, Wijk w) {
        return w.yearFrom + r.nextInt(w.yearTo - w.yearFrom + 1);
    }

    private static int officeYear(SplittableRandom r, Wijk w) {
        return switch (w) {
            case OOSTERHEEM -> 2000 + r.nextInt(11);
            case ROKKEVEEN -> 1986 + r.nextInt(15);
            case CENTRUM -> 1975 + r.nextInt(31);
            default -> 1975 + r.nextInt(26);
        };
    }

    private static String supermarketName(SplittableRandom r) {
        return new String[] {"Albert Heijn", "Jumbo", "Lidl", "Aldi", "Dirk", "Plus"}[r.nextInt(6)];
    }

    /** Decimetre rounding keeps shared lot boundaries bit-identical on both sides. */
    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
