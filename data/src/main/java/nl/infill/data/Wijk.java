package nl.infill.data;

/**
 * The nine CBS wijken of Zoetermeer with their 2022 key figures (CBS Kerncijfers wijken en
 * buurten 2022, typed in from ../shared/data/zoetermeer/cbs_wijken_2022_rd.geojson; the
 * geometries are not used), where each sits in the invented 3x3 layout of the sample city and
 * the decades in which its housing was built.
 */
enum Wijk {
    //          code        name                   pop    0-14  15-24 25-44 45-64 65+   dwell  col row sec yearFrom yearTo
    CENTRUM("WK063700", "Centrum", 21095, 14, 10, 29, 24, 24, 11553, 1, 1, 'A', 1966, 2012),
    MEERZICHT("WK063701", "Meerzicht", 15490, 18, 12, 25, 24, 22, 7289, 0, 1, 'B', 1964, 1976),
    BUYTENWEGH("WK063702", "Buytenwegh de Leyens", 19715, 17, 10, 23, 25, 25, 9110, 2, 1, 'C', 1974, 1987),
    SEGHWAERT("WK063703", "Seghwaert", 16185, 17, 12, 27, 26, 18, 7366, 1, 2, 'D', 1972, 1985),
    NOORDHOVE("WK063704", "Noordhove", 8490, 16, 11, 22, 32, 20, 3505, 0, 2, 'E', 1984, 1996),
    ROKKEVEEN("WK063705", "Rokkeveen", 20605, 15, 10, 21, 32, 22, 8870, 1, 0, 'F', 1985, 1999),
    OOSTERHEEM("WK063706", "Oosterheem", 23360, 21, 14, 26, 27, 12, 8647, 2, 2, 'G', 1999, 2013),
    INDUSTRIEGEBIED("WK063708", "Industriegebied", 435, 14, 16, 16, 31, 21, 181, 0, 0, 'H', 1970, 2005),
    BUITENGEBIED("WK063709", "Buitengebied", 395, 15, 14, 16, 35, 18, 147, 2, 0, 'K', 1890, 1975);

    final String code;
    final String label;
    final int population;
    final double pct0to14;
    final double pct15to24;
    final double pct25to44;
    final double pct45to64;
    final double pct65plus;
    final int dwellings;
    /** Column (0 west .. 2 east) and row (0 south .. 2 north) in the city layout. */
    final int col;
    final int row;
    /** Cadastral section letter of its parcels (ZTM00-A-00001). */
    final char section;
    /** Construction years of most of its housing. */
    final int yearFrom;
    final int yearTo;

    Wijk(String code, String label, int population, double p0, double p15, double p25, double p45,
            double p65, int dwellings, int col, int row, char section, int yearFrom, int yearTo) {
        this.code = code;
        this.label = label;
        this.population = population;
        this.pct0to14 = p0;
        this.pct15to24 = p15;
        this.pct25to44 = p25;
        this.pct45to64 = p45;
        this.pct65plus = p65;
        this.dwellings = dwellings;
        this.col = col;
        this.row = row;
        this.section = section;
        this.yearFrom = yearFrom;
        this.yearTo = yearTo;
    }

    static Wijk at(int col, int row) {
        for (Wijk w : values()) {
            if (w.col == col && w.row == row) {
                return w;
            }
        }
        throw new IllegalArgumentException("no wijk at " + col + "," + row);
    }

    boolean residential() {
        return this != INDUSTRIEGEBIED && this != BUITENGEBIED;
    }
}
