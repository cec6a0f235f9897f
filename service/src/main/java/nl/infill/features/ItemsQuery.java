package nl.infill.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.infill.geo.Crs;
import nl.infill.catalogue.Collection;
import nl.infill.layers.Layer;
import nl.infill.system.InvalidInput;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * Turns the query parameters of an items request (or a collection export) into a
 * {@link Selection}, checking every name and value: unknown parameters and properties are
 * refused by name (OGC 17-069r4 /req/core/query-param-unknown), property filters and
 * {@code sortby} only take the collection's queryables.
 */
@Component
class ItemsQuery {

    /** Parameters of an items request that are not property filters. */
    static final Set<String> STANDARD = Set.of("f", "bbox", "bbox-crs", "crs", "limit", "after", "before",
            "sortby", "datetime");

    /**
     * One page with the keyset tokens of its neighbours (null when there is none) and the number
     * of features the whole selection matches (null when above {@code count-limit}).
     */
    record Page(List<FeatureStore.FeatureRow> rows, String next, String prev, Crs crs, Long numberMatched) {
    }

    record Sort(Layer.Column prop, boolean descending, String spec) {
    }

    private final FeatureStore store;
    private final FeaturesSettings settings;
    private final CqlFilters filters;

    ItemsQuery(FeatureStore store, FeaturesSettings settings, CqlFilters filters) {
        this.store = store;
        this.settings = settings;
        this.filters = filters;
    }

    /** A selection with bbox, property and CQL2 filters; {@code allowed} are the other accepted names. */
    Selection select(Collection c, MultiValueMap<String, String> params, Set<String> allowed) {
        Selection s = new Selection(c);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            if (allowed.contains(name) || CqlFilters.PARAMS.contains(name)) {
                continue;
            }
            Layer.Column prop = c.column(name).orElseThrow(() -> new InvalidInput(name,
                    "Unknown parameter or property '" + Crs.abbreviate(name) + "'. Queryable properties of '" + c.id()
                            + "': " + String.join(", ", c.columnNames()) + "."));
            if (e.getValue().size() != 1) {
                throw new InvalidInput(name, "Give property '" + name + "' once.");
            }
            s.equal(prop, value(prop, e.getValue().get(0)));
        }
        String bbox = single(params, "bbox");
        if (bbox != null) {
            s.bbox(Bbox.parse(bbox, Crs.ofUri(single(params, "bbox-crs"), "bbox-crs"), "bbox"));
        } else if (single(params, "bbox-crs") != null) {
            Crs.ofUri(single(params, "bbox-crs"), "bbox-crs");
        }
        filters.apply(s, params);
        return s;
    }

    /** One page's selection, its sort, cursor and direction, before the look-ahead row is added. */
    private record PageSelection(Selection selection, Sort sort, Cursor cursor, boolean backward, int limit) {
    }

    private PageSelection pageSelection(Collection c, MultiValueMap<String, String> params) {
        int limit = limit(single(params, "limit"));
        Selection s = select(c, params, STANDARD);
        Sort sort = sort(c, single(params, "sortby"));
        String after = single(params, "after");
        String before = single(params, "before");
        if (after != null && before != null) {
            throw new InvalidInput("before", "Give either 'after' or 'before', not both.");
        }
        String spec = sort == null ? null : sort.spec();
        Cursor cursor = after != null ? Cursor.decode(after, "after", spec, sort == null ? null : sort.prop())
                : before != null ? Cursor.decode(before, "before", spec, sort == null ? null : sort.prop()) : null;
        boolean backward = before != null;
        keyset(s, c, sort, cursor, backward);
        return new PageSelection(s, sort, cursor, backward, limit);
    }

    /**
     * The features of the page {@link #page} would serve for the same parameters, as a selection
     * to export: the page's FlatGeobuf alternate ({@code f=fgb}) holds the same features.
     */
    Selection pageFile(Collection c, MultiValueMap<String, String> params) {
        PageSelection p = pageSelection(c, params);
        return p.selection().limit(p.limit());
    }

    Page page(Collection c, MultiValueMap<String, String> params) {
        Crs crs = Crs.ofUri(single(params, "crs"), "crs");
        PageSelection p = pageSelection(c, params);
        Selection s = p.selection();
        Sort sort = p.sort();
        Cursor cursor = p.cursor();
        boolean backward = p.backward();
        int limit = p.limit();
        String spec = sort == null ? null : sort.spec();
        s.limit(limit + 1);
        List<FeatureStore.FeatureRow> rows = new ArrayList<>(store.features(s, crs,
                sort == null ? null : sort.prop().name()));
        boolean more = rows.size() > limit;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (backward) {
            Collections.reverse(rows);
        }
        boolean hasNext = backward ? cursor != null : more;
        boolean hasPrev = backward ? more : cursor != null;
        String next = null;
        String prev = null;
        if (rows.isEmpty()) {
            if (cursor != null) {
                next = backward ? cursor.encode() : null;
                prev = backward ? null : cursor.encode();
            }
        } else {
            FeatureStore.FeatureRow last = rows.get(rows.size() - 1);
            FeatureStore.FeatureRow first = rows.get(0);
            next = hasNext ? new Cursor(last.sortKey(), last.id(), spec).encode() : null;
            prev = hasPrev ? new Cursor(first.sortKey(), first.id(), spec).encode() : null;
        }
        return new Page(rows, next, prev, crs, numberMatched(c, params, cursor == null && !more, rows.size()));
    }

    /**
     * numberMatched: a first page that holds every match counts itself; otherwise the selection
     * is built again without the keyset condition and counted up to {@code count-limit}.
     */
    private Long numberMatched(Collection c, MultiValueMap<String, String> params, boolean wholeOnThisPage,
                               int returned) {
        if (settings.countLimit() <= 0) {
            return null;
        }
        if (wholeOnThisPage) {
            return returned <= settings.countLimit() ? Long.valueOf(returned) : null;
        }
        return store.count(select(c, params, STANDARD), settings.countLimit());
    }

    int limit(String value) {
        if (value == null) {
            return settings.defaultLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput("limit", "limit must be a whole number from 1 to " + settings.maxLimit() + ".");
        }
        if (limit < 1) {
            throw new InvalidInput("limit", "limit must be from 1 to " + settings.maxLimit() + "; got " + limit + ".");
        }
        // OGC 17-069r4 /req/core/fc-limit-response-1 lets a server return at most its maximum when
        // asked for more; a client that asks for "everything" then pages instead of failing.
        return Math.min(limit, settings.maxLimit());
    }

    static Sort sort(Collection c, String sortby) {
        if (sortby == null || sortby.isBlank()) {
            return null;
        }
        String spec = sortby.trim();
        if (spec.contains(",")) {
            throw new InvalidInput("sortby", "sortby takes one property, e.g. sortby=-area_m2.");
        }
        boolean desc = spec.startsWith("-");
        String name = spec.startsWith("-") || spec.startsWith("+") || spec.startsWith(" ") ? spec.substring(1).trim() : spec;
        Layer.Column prop = c.column(name).orElseThrow(() -> new InvalidInput("sortby",
                "Cannot sort by unknown property '" + Crs.abbreviate(name) + "'. Sortable: "
                        + String.join(", ", c.columnNames()) + "."));
        return new Sort(prop, desc, (desc ? "-" : "+") + prop.name());
    }

    /**
     * Keyset paging over (sort key, id): non-null keys in the sort direction, then nulls, ties
     * broken by id in the same direction; {@code backward} walks the reverse order from the cursor.
     */
    private static void keyset(Selection s, Collection c, Sort sort, Cursor cursor, boolean backward) {
        String id = "t." + c.idColumn();
        if (sort == null) {
            s.orderBy(backward ? id + " DESC" : id);
            if (cursor != null) {
                s.where(id + (backward ? " < " : " > ") + ":cid").param("cid", cursor.id());
            }
            return;
        }
        String col = "t." + sort.prop().name();
        boolean ascending = !sort.descending();
        boolean forwardAsc = ascending != backward;
        String dir = forwardAsc ? "ASC" : "DESC";
        String op = forwardAsc ? ">" : "<";
        s.orderBy(col + " " + dir + (backward ? " NULLS FIRST" : " NULLS LAST") + ", " + id + " " + dir);
        if (cursor == null) {
            return;
        }
        s.param("cid", cursor.id());
        if (cursor.key() == null) {
            s.where(backward ? "(" + col + " IS NOT NULL OR " + id + " " + op + " :cid)"
                    : "(" + col + " IS NULL AND " + id + " " + op + " :cid)");
        } else {
            s.param("ckey", cursor.key());
            s.where("(" + col + " " + op + " :ckey OR (" + col + " = :ckey AND " + id + " " + op + " :cid)"
                    + (backward ? "" : " OR " + col + " IS NULL") + ")");
        }
    }

    static Object value(Layer.Column prop, String raw) {
        try {
            return prop.type().parse(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(prop.name(), "Property '" + prop.name() + "' takes a " + prop.type().shortName()
                    + " value; got '" + Crs.abbreviate(raw) + "'.");
        }
    }

    static String single(MultiValueMap<String, String> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new InvalidInput(name, "Give parameter '" + name + "' once.");
        }
        return v.get(0);
    }
}
