-- Analysis internals: stored criteria per parcel (computed once per data version and storey
-- height, reused by every re-scoring), the walking network built from the street layer, and the
-- spatial helper functions the criteria SQL uses. Everything private to the analysis feature lives
-- in schema "analysis"; the public result tables stay those of V2.

CREATE SCHEMA IF NOT EXISTS analysis;

-- ---------------------------------------------------------------------------------------------
-- Helper functions (pure: IMMUTABLE PARALLEL SAFE, usable in parallel plans)
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION analysis.storeys(storeys integer, height_m double precision, floor_area_m2 double precision,
                                 footprint_m2 double precision, storey_height_m double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN storeys > 0 THEN storeys::double precision
        WHEN height_m > 0 THEN greatest(1, round(height_m / storey_height_m))
        WHEN floor_area_m2 > 0 AND footprint_m2 > 0 THEN floor_area_m2 / footprint_m2
        ELSE 1
    END
$$;
COMMENT ON FUNCTION analysis.storeys(integer, double precision, double precision, double precision, double precision) IS
    'Storeys of a building for gross floor area: BAG/data storeys when > 0, else round(height / storey height) '
    '(at least 1), else gross floor area / footprint, else 1.';

CREATE FUNCTION analysis.allowed_floor_area(part_m2 double precision, max_fsi double precision,
                                            max_coverage double precision, max_height_m double precision,
                                            storey_height_m double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- least() skips NULLs: a missing FSI leaves only the coverage x height rule and vice versa.
    -- A zone part with neither rule allows no building (Dutch plans allow building only where a
    -- rule says how much), so it contributes 0, not an invented number.
    SELECT coalesce(least(max_fsi * part_m2,
                          max_coverage * part_m2 * floor(max_height_m / storey_height_m)), 0)
$$;
COMMENT ON FUNCTION analysis.allowed_floor_area(double precision, double precision, double precision, double precision, double precision) IS
    'Allowed gross floor area on one zone part: min(FSImax x A, coverage x A x floor(Hmax / storey height)); '
    'a null rule is skipped, a part with no rule at all allows 0.';

CREATE FUNCTION analysis.decay(distance_m double precision, full_m double precision, zero_m double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN distance_m IS NULL THEN 0
        WHEN distance_m <= full_m THEN 1
        WHEN distance_m >= zero_m THEN 0
        ELSE (zero_m - distance_m) / (zero_m - full_m)
    END
$$;
COMMENT ON FUNCTION analysis.decay(double precision, double precision, double precision) IS
    'Linear distance decay: 1 up to full_m, 0 from zero_m on, linear between; unknown/unreachable distance = 0.';

CREATE FUNCTION analysis.clamp01(v double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT greatest(0, least(1, coalesce(v, 0)))
$$;
COMMENT ON FUNCTION analysis.clamp01(double precision) IS 'Clamps a value to 0..1 (null -> 0).';

CREATE FUNCTION analysis.data_version()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT string_agg(layer || ':' || version, ',' ORDER BY layer) FROM layer_state
$$;
COMMENT ON FUNCTION analysis.data_version() IS
    'The data version criteria are computed on: every layer with its layer_state version, e.g. '
    '"amenities:3,buildings:2,...". Criteria are stale as soon as this text differs.';

-- ---------------------------------------------------------------------------------------------
-- Walking network (rebuilt only when the street layer version changes)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE analysis.net_vertex (
    id        bigint PRIMARY KEY,
    component bigint,
    main      boolean NOT NULL DEFAULT false,   -- in the largest connected component
    geom      geometry(Point, 28992) NOT NULL
);
CREATE INDEX net_vertex_geom_idx ON analysis.net_vertex USING gist (geom);
CREATE INDEX net_vertex_main_geom_idx ON analysis.net_vertex USING gist (geom) WHERE main;

CREATE TABLE analysis.net_edge (
    id      bigint PRIMARY KEY,
    source  bigint NOT NULL,
    target  bigint NOT NULL,
    cost    double precision NOT NULL,          -- length in metres
    geom    geometry(LineString, 28992) NOT NULL
);

CREATE TABLE analysis.network_state (
    id               boolean PRIMARY KEY DEFAULT true CHECK (id),
    streets_version  bigint NOT NULL,
    vertices         integer NOT NULL,
    edges            integer NOT NULL,
    main_vertices    integer NOT NULL,
    built_at         timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION analysis.build_network(grid_m double precision)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n_edges integer;
BEGIN
    -- The OSM lines are split at tile edges and cross mid-segment at junctions: joining end points
    -- alone leaves most of the city disconnected (27 % in the largest part, SOURCES.md). Snapping to
    -- a grid and noding all lines together yields one network (99.5 %).
    TRUNCATE analysis.net_edge, analysis.net_vertex;
    DELETE FROM analysis.network_state;

    CREATE TEMP TABLE _seg ON COMMIT DROP AS
    WITH snapped AS (
        SELECT ST_SnapToGrid(geom, grid_m) AS g FROM street WHERE walkable
    ), noded AS (
        SELECT (ST_Dump(ST_Node(ST_Collect(g)))).geom AS g
          FROM snapped
         WHERE GeometryType(g) = 'LINESTRING' AND ST_NPoints(g) >= 2
    )
    SELECT row_number() OVER () AS id, g,
           ST_X(ST_StartPoint(g)) AS sx, ST_Y(ST_StartPoint(g)) AS sy,
           ST_X(ST_EndPoint(g)) AS ex, ST_Y(ST_EndPoint(g)) AS ey
      FROM noded
     WHERE ST_Length(g) > 0;

    CREATE TEMP TABLE _vx ON COMMIT DROP AS
    SELECT row_number() OVER () AS id, x, y
      FROM (SELECT sx AS x, sy AS y FROM _seg UNION SELECT ex, ey FROM _seg) v;
    CREATE INDEX ON _vx (x, y);

    INSERT INTO analysis.net_vertex (id, geom)
    SELECT id, ST_SetSRID(ST_MakePoint(x, y), 28992) FROM _vx;

    INSERT INTO analysis.net_edge (id, source, target, cost, geom)
    SELECT s.id, a.id, b.id, ST_Length(s.g), s.g
      FROM _seg s
      JOIN _vx a ON a.x = s.sx AND a.y = s.sy
      JOIN _vx b ON b.x = s.ex AND b.y = s.ey;
    GET DIAGNOSTICS n_edges = ROW_COUNT;

    IF n_edges > 0 THEN
        UPDATE analysis.net_vertex v SET component = c.component
          FROM pgr_connectedComponents('SELECT id, source, target, cost, cost AS reverse_cost FROM analysis.net_edge') c
         WHERE c.node = v.id;
        UPDATE analysis.net_vertex SET main = true
         WHERE component = (SELECT component FROM analysis.net_vertex
                             GROUP BY component ORDER BY count(*) DESC, component LIMIT 1);
    END IF;

    INSERT INTO analysis.network_state (streets_version, vertices, edges, main_vertices)
    SELECT (SELECT version FROM layer_state WHERE layer = 'streets'),
           (SELECT count(*) FROM analysis.net_vertex), n_edges,
           (SELECT count(*) FROM analysis.net_vertex WHERE main);
    ANALYZE analysis.net_vertex;
    ANALYZE analysis.net_edge;
    RETURN n_edges;
END
$$;
COMMENT ON FUNCTION analysis.build_network(double precision) IS
    'Builds the walking network from walkable streets: snap to a grid_m grid, ST_Node all lines together, '
    'vertices at segment ends, edges with length as cost, largest connected component flagged main.';

-- ---------------------------------------------------------------------------------------------
-- Walking distances per parcel (one row per parcel; recomputed with the criteria)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE analysis.parcel_walk (
    parcel_id           bigint PRIMARY KEY,
    distance_method     text NOT NULL CHECK (distance_method IN ('network', 'straight_line')),
    snap_m              double precision,        -- parcel point to its network vertex
    walk_supermarket_m  double precision,
    walk_gp_m           double precision,
    walk_pharmacy_m     double precision,
    walk_school_m       double precision,
    walk_pt_m           double precision
);

CREATE FUNCTION analysis.compute_walks(max_m double precision)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    method text;
    t text;
    starts bigint[];
BEGIN
    TRUNCATE analysis.parcel_walk;
    IF (SELECT count(*) FROM analysis.net_vertex WHERE main) < 2 THEN
        -- No street network: straight-line distance, labelled as such in every output.
        method := 'straight_line';
        INSERT INTO analysis.parcel_walk
        SELECT p.id, method, 0,
               (SELECT ST_Distance(a.geom, pt) FROM amenity a WHERE a.type = 'supermarket' ORDER BY a.geom <-> pt LIMIT 1),
               (SELECT ST_Distance(a.geom, pt) FROM amenity a WHERE a.type = 'gp' ORDER BY a.geom <-> pt LIMIT 1),
               (SELECT ST_Distance(a.geom, pt) FROM amenity a WHERE a.type = 'pharmacy' ORDER BY a.geom <-> pt LIMIT 1),
               (SELECT ST_Distance(a.geom, pt) FROM amenity a WHERE a.type = 'primary_school' ORDER BY a.geom <-> pt LIMIT 1),
               (SELECT ST_Distance(a.geom, pt) FROM amenity a WHERE a.type = 'pt_stop' ORDER BY a.geom <-> pt LIMIT 1)
          FROM (SELECT id, ST_PointOnSurface(geom) AS pt FROM parcel) p;
        RETURN method;
    END IF;

    method := 'network';
    -- Each parcel and each amenity attaches to its nearest vertex of the main component; the snap
    -- distances at both ends are added to the network distance.
    CREATE TEMP TABLE _pv ON COMMIT DROP AS
    SELECT p.id AS parcel_id, v.id AS vertex_id, ST_Distance(v.geom, p.pt) AS snap_m
      FROM (SELECT id, ST_PointOnSurface(geom) AS pt FROM parcel) p
      CROSS JOIN LATERAL (SELECT id, geom FROM analysis.net_vertex WHERE main ORDER BY geom <-> p.pt LIMIT 1) v;

    CREATE TEMP TABLE _av ON COMMIT DROP AS
    SELECT a.type, v.id AS vertex_id, min(ST_Distance(v.geom, a.geom)) AS snap_m
      FROM amenity a
      CROSS JOIN LATERAL (SELECT id, geom FROM analysis.net_vertex WHERE main ORDER BY geom <-> a.geom LIMIT 1) v
     GROUP BY a.type, v.id;

    CREATE TEMP TABLE _vd (type text, vertex_id bigint, dist double precision) ON COMMIT DROP;
    FOREACH t IN ARRAY ARRAY['supermarket', 'gp', 'pharmacy', 'primary_school', 'pt_stop'] LOOP
        starts := ARRAY(SELECT vertex_id FROM _av WHERE type = t);
        CONTINUE WHEN cardinality(starts) = 0;
        -- Multi-source search: with equicost every vertex is reached from its nearest start, so
        -- agg_cost is the distance to the nearest amenity of this type.
        INSERT INTO _vd
        SELECT t, d.node, d.agg_cost + av.snap_m
          FROM pgr_drivingDistance('SELECT id, source, target, cost FROM analysis.net_edge',
                                   starts, max_m, directed => false, equicost => true) d
          JOIN _av av ON av.type = t AND av.vertex_id = d.from_v;
    END LOOP;
    CREATE INDEX ON _vd (vertex_id, type);

    INSERT INTO analysis.parcel_walk
    SELECT pv.parcel_id, method, pv.snap_m,
           (SELECT min(dist) FROM _vd WHERE vertex_id = pv.vertex_id AND type = 'supermarket') + pv.snap_m,
           (SELECT min(dist) FROM _vd WHERE vertex_id = pv.vertex_id AND type = 'gp') + pv.snap_m,
           (SELECT min(dist) FROM _vd WHERE vertex_id = pv.vertex_id AND type = 'pharmacy') + pv.snap_m,
           (SELECT min(dist) FROM _vd WHERE vertex_id = pv.vertex_id AND type = 'primary_school') + pv.snap_m,
           (SELECT min(dist) FROM _vd WHERE vertex_id = pv.vertex_id AND type = 'pt_stop') + pv.snap_m
      FROM _pv pv;
    RETURN method;
END
$$;
COMMENT ON FUNCTION analysis.compute_walks(double precision) IS
    'Walking distance per parcel to the nearest supermarket, gp, pharmacy, primary school and pt stop: '
    'per type one multi-source pgr_drivingDistance (undirected, equicost, up to max_m) plus snap distances '
    'at both ends; straight-line KNN distance when no network is loaded. Returns the method used.';

-- ---------------------------------------------------------------------------------------------
-- Stored criteria per parcel and storey height (storey height is the only scenario parameter
-- the criteria depend on; every other parameter applies at scoring time)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE analysis.parcel_criteria (
    storey_height_m         double precision NOT NULL,
    parcel_id               bigint NOT NULL,
    data_version            text NOT NULL,
    computed_at             timestamptz NOT NULL,
    area_m2                 double precision NOT NULL,
    footprint_m2            double precision NOT NULL,
    existing_floor_area_m2  double precision NOT NULL,
    use_mix                 jsonb NOT NULL,   -- {use: gross floor area m2}
    dominant_use            text,
    gsi                     double precision NOT NULL,
    fsi                     double precision NOT NULL,
    allowed_floor_area_m2   double precision, -- null = no zoning
    no_zoning               boolean NOT NULL,
    water_green_share       double precision NOT NULL,
    mean_construction_year  double precision, -- floor-area weighted
    transformation_share    double precision NOT NULL,  -- share of floor area in kantoor/industrie
    monument                boolean NOT NULL,
    hard_constraint_share   double precision NOT NULL,
    soft_constraint_share   double precision NOT NULL,
    neighbourhood_id        bigint,
    pop_65plus_pct          double precision,
    distance_method         text NOT NULL,
    snap_m                  double precision,
    walk_supermarket_m      double precision,
    walk_gp_m               double precision,
    walk_pharmacy_m         double precision,
    walk_school_m           double precision,
    walk_pt_m               double precision,
    PRIMARY KEY (storey_height_m, parcel_id)
);

CREATE TABLE analysis.criteria_state (
    storey_height_m  double precision PRIMARY KEY,
    data_version     text NOT NULL,
    distance_method  text NOT NULL,
    parcels          integer NOT NULL,
    computed_at      timestamptz NOT NULL DEFAULT now()
);

-- One active run per scenario, enforced by the database so two requests cannot both start one.
CREATE UNIQUE INDEX analysis_run_one_active ON analysis_run (scenario_id) WHERE status IN ('queued', 'running');

-- What the explanation and the compare endpoint need besides the V2 columns.
ALTER TABLE parcel_result
    ADD COLUMN zoned_capacity_m2 double precision,   -- capacity before exclusions (excluded parcels store capacity 0)
    ADD COLUMN soft_site         boolean,
    ADD COLUMN sentence_nl       text,
    ADD COLUMN sentence_en       text,
    ADD COLUMN data_version      text;
ALTER TABLE analysis_run ADD COLUMN criteria_reused boolean;

-- The default scenario. Weights (sum 1): capacity dominates because adding homes is the goal;
-- under-use and obsolescence say where that capacity is realistic; access and the ageing lens
-- say whether it is in the right place; soft constraints lower the score a little.
INSERT INTO scenario (slug, name, description, weights, params, is_default) VALUES (
    'default', 'Standaard',
    'Standaardweging: ruimte voor extra vloeroppervlak, onderbenutting, veroudering, transformatie, '
    'voorzieningen op loopafstand en de vergrijzingsbril.',
    '{"capacity": 0.30, "underuse": 0.15, "obsolescence": 0.15, "transformation": 0.10,
      "amenities": 0.15, "ageing": 0.10, "soft_constraints": 0.05}'::jsonb,
    '{"dwellingSizeM2": 90, "storeyHeightM": 3.0, "decayFullM": 400, "decayZeroM": 1200,
      "recentlyBuiltYear": 2015, "renovationCycleYears": 40, "exclusionShare": 0.5,
      "ageingSharePct": 30, "exclusions": true}'::jsonb,
    true);

CREATE FUNCTION analysis.fmt_m(distance_m double precision, unknown text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(round(distance_m)::bigint || ' m', unknown)
$$;
COMMENT ON FUNCTION analysis.fmt_m(double precision, text) IS 'A distance as "412 m" for explanation sentences, or the given word when unknown.';
