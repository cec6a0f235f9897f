-- Analysis (module analysis). Two parts:
--   * the results as other features read them (features, tiles, publishing): tables scenario,
--     analysis_run, parcel_result, neighbourhood_result in public and the two published views that
--     join them to their geometry; never renamed, only added to;
--   * its internals in schema "analysis": stored criteria per parcel (computed once per data
--     version and storey height, reused by every re-scoring), the walking network built from the
--     street layer, and the spatial helper functions the criteria SQL uses.

-- =============================================================================================
-- Scenarios, runs and results
-- =============================================================================================

CREATE TABLE scenario (
    id               bigserial PRIMARY KEY,
    slug             text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),  -- used in collection ids and view names
    name             text NOT NULL,
    description      text,
    weights          jsonb NOT NULL,
    params           jsonb NOT NULL,
    is_default       boolean NOT NULL DEFAULT false,
    results_version  bigint NOT NULL DEFAULT 0,   -- bumped in the transaction that commits a run's results
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scenario_one_default ON scenario (is_default) WHERE is_default;

CREATE TABLE analysis_run (
    id               bigserial PRIMARY KEY,
    scenario_id      bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    status           text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    stage            text,
    percent          integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    summary          jsonb,
    error            text,
    data_version     text,            -- layer versions the run computed on
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    criteria_reused  boolean          -- the stored criteria were still valid for the run's data version
);
CREATE INDEX analysis_run_scenario_idx ON analysis_run (scenario_id, started_at DESC);
-- One active run per scenario, enforced by the database so two requests cannot both start one.
CREATE UNIQUE INDEX analysis_run_one_active ON analysis_run (scenario_id) WHERE status IN ('queued', 'running');

-- The weights and parameters a run scored with. A table of its own rather than a column of
-- analysis_run: the scoring transaction writes it while the run's progress is updated on that
-- row from another transaction.
CREATE TABLE analysis_run_settings (
    run_id    bigint PRIMARY KEY REFERENCES analysis_run (id) ON DELETE CASCADE,
    settings  jsonb NOT NULL
);

-- One row per parcel and scenario. No foreign key to parcel: a layer swap must stay cheap; results
-- of parcels that no longer exist simply stop joining (parcel ids are never reused) and the next
-- run removes them.
-- Re-scoring must be fast enough to try weights live, so a run stores per parcel only numbers: the
-- scaled value and score points per criterion (scaled, points) and, in analysis_run_settings, the
-- weights and parameters it used; the explanation (labels, sentences in Dutch and English) is
-- rendered when one parcel is read (sql/analysis/parcel-result.sql). Writing ~2.5 kB of JSON text
-- per parcel made a 50,000-parcel re-score take ~5.7 s; numbers alone are a fraction of that.
CREATE TABLE parcel_result (
    scenario_id             bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    parcel_id               bigint NOT NULL,
    run_id                  bigint NOT NULL,
    existing_floor_area_m2  double precision NOT NULL,
    allowed_floor_area_m2   double precision,          -- null when the parcel has no zoning
    capacity_m2             double precision NOT NULL,
    extra_dwellings         double precision NOT NULL,
    score                   double precision,          -- 0..100, null when excluded
    score_class             smallint CHECK (score_class BETWEEN 1 AND 5),  -- 5 = highest potential
    excluded                boolean NOT NULL DEFAULT false,
    exclusion_reason        text,
    no_zoning               boolean NOT NULL DEFAULT false,
    distance_method         text NOT NULL DEFAULT 'network' CHECK (distance_method IN ('network', 'straight_line')),
    -- walking distances (m) to the nearest amenity of each type, for maps and the ageing lens
    walk_gp_m               double precision,
    walk_supermarket_m      double precision,
    walk_pharmacy_m         double precision,
    walk_school_m           double precision,
    walk_pt_m               double precision,
    zoned_capacity_m2       double precision,   -- capacity before exclusions (excluded parcels store capacity 0)
    soft_site               boolean,
    data_version            text,
    scaled                  double precision[],   -- v_k in 0..1, order: capacity, underuse, obsolescence, transformation, amenities, ageing, soft_constraints
    points                  double precision[],   -- 100 x w_k x v_k, same order; sums to score
    PRIMARY KEY (scenario_id, parcel_id)
)
-- A re-score rewrites every row of its scenario. Deleting and inserting them cost two index
-- entries, a foreign-key check and a new heap tuple per parcel (plus dead tuples for autovacuum):
-- about 22 us per parcel, 2.3 s of a 100,000-parcel re-score. Runs update the rows in place
-- (INSERT ... ON CONFLICT DO UPDATE, score.sql); no indexed column changes, so with room left on
-- every page PostgreSQL makes them heap-only (HOT) updates: no index work, no foreign-key check,
-- and the previous version is pruned from the page by the next re-score without vacuum. Half of
-- each page is kept free for that; the table is about twice as large on disk.
WITH (fillfactor = 50);
CREATE INDEX parcel_result_parcel_idx ON parcel_result (parcel_id);

CREATE TABLE neighbourhood_result (
    scenario_id        bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    neighbourhood_id   bigint NOT NULL,
    run_id             bigint NOT NULL,
    parcels            integer NOT NULL,
    capacity_m2        double precision NOT NULL,
    extra_dwellings    double precision NOT NULL,
    mean_score         double precision,
    parcels_per_class  jsonb NOT NULL,           -- {"1": n, ..., "5": n}
    ageing_fit         double precision,         -- capacity near GP+supermarket+transit x 65+ share
    mean_scaled        double precision[],
    PRIMARY KEY (scenario_id, neighbourhood_id)
);
-- Live re-weighting in the web map: a neighbourhood's mean score is linear in the weights,
-- mean_score = 100 x sum_k w_k x mean(v_k) over its scored parcels, so with the mean of each scaled
-- criterion the map previews the mean score of any weights exactly, without a run.
COMMENT ON COLUMN neighbourhood_result.mean_scaled IS
    'Mean scaled criteria (score.sql order) of the neighbourhood''s scored parcels; mean_score = 100 x sum w_k x mean_scaled[k].';

-- Results with their parcel geometry: what the features, tiles and publishing features read. The
-- columns are listed, not r.*: the publish views made from it (V5) depend on them, and CREATE OR
-- REPLACE VIEW may only append columns, so a later migration adds columns at the end.
-- scaled: each parcel's scaled criteria for the web map's live re-weighting (sql/tiles/results.sql).
CREATE VIEW parcel_result_v AS
SELECT r.scenario_id, r.parcel_id, r.run_id, r.existing_floor_area_m2, r.allowed_floor_area_m2, r.capacity_m2,
       r.extra_dwellings, r.score, r.score_class, r.excluded, r.exclusion_reason, r.no_zoning, r.distance_method,
       r.walk_gp_m, r.walk_supermarket_m, r.walk_pharmacy_m, r.walk_school_m, r.walk_pt_m,
       s.slug AS scenario, p.source_id, p.area_m2, p.geom,
       r.scaled
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN parcel p ON p.id = r.parcel_id;

-- Neighbourhood totals with their geometry, for maps of the ageing lens.
CREATE VIEW neighbourhood_result_v AS
SELECT r.scenario_id, r.neighbourhood_id, r.run_id, r.parcels, r.capacity_m2, r.extra_dwellings, r.mean_score,
       r.parcels_per_class, r.ageing_fit,
       s.slug AS scenario, n.code, n.name, n.population, n.pop_65plus_pct, n.dwellings, n.geom
  FROM neighbourhood_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN neighbourhood n ON n.id = r.neighbourhood_id;

-- The default scenario. Weights (sum 1): capacity dominates because adding homes is the goal;
-- under-use and obsolescence say where that capacity is realistic; access and the ageing lens
-- say whether it is in the right place; soft constraints lower the score a little.
--
-- It takes id 1 explicitly and the sequence restarts at 2, so that nextval is never called in the
-- transaction that created the sequence: under wal_level = minimal (the private cluster's setting
-- for bulk loads) that call is not WAL-logged while it pre-allocates 32 values, and after a crash
-- the sequence handed out ids it had already given (new scenarios failed as "already exists").
INSERT INTO scenario (id, slug, name, description, weights, params, is_default) VALUES (
    1, 'default', 'Standaard',
    'Standaardweging: ruimte voor extra vloeroppervlak, onderbenutting, veroudering, transformatie, '
    'voorzieningen op loopafstand en de vergrijzingsbril.',
    '{"capacity": 0.30, "underuse": 0.15, "obsolescence": 0.15, "transformation": 0.10,
      "amenities": 0.15, "ageing": 0.10, "soft_constraints": 0.05}'::jsonb,
    '{"dwellingSizeM2": 90, "storeyHeightM": 3.0, "decayFullM": 400, "decayZeroM": 1200,
      "recentlyBuiltYear": 2015, "renovationCycleYears": 40, "exclusionShare": 0.5,
      "ageingSharePct": 30, "exclusions": true}'::jsonb,
    true);
ALTER SEQUENCE scenario_id_seq RESTART WITH 2;

-- =============================================================================================
-- Schema analysis: the feature's own
-- =============================================================================================

CREATE SCHEMA analysis;

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

-- Capacity from a zone part's rules (docs/imro.md): storeys cap the floors a height allows; with no
-- height but a storey count, the storeys alone.
CREATE FUNCTION analysis.allowed_floor_area(part_m2 double precision, max_fsi double precision,
                                            max_coverage double precision, max_height_m double precision,
                                            storey_height_m double precision, max_storeys integer)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- least() skips NULLs: a missing FSI leaves only the coverage x height rule and vice versa.
    -- A zone part with neither rule allows no building (Dutch plans allow building only where a
    -- rule says how much), so it contributes 0, not an invented number.
    SELECT coalesce(least(max_fsi * part_m2,
                          max_coverage * part_m2 * least(floor(max_height_m / storey_height_m), max_storeys)), 0)
$$;
COMMENT ON FUNCTION analysis.allowed_floor_area(double precision, double precision, double precision, double precision, double precision, integer) IS
    'Allowed gross floor area on one zone part: min(FSImax x A, coverage x A x min(floor(Hmax / storey height), '
    'max storeys)); a null rule is skipped, a part with no rule at all allows 0.';

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

-- A building's gross floor area and use mix come from its BAG units (verblijfsobjecten) when it
-- has any: gross = usable x analysis.unit_gross_factor() (docs/analysis.md, "Floor area and uses
-- from BAG units").
CREATE FUNCTION analysis.unit_gross_factor()
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 1.2::double precision
$$;
COMMENT ON FUNCTION analysis.unit_gross_factor() IS
    'Gross floor area (bruto vloeroppervlak, BVO) per m2 of BAG usable area (gebruiksoppervlakte, GO): 1.2. '
    'NEN 2580 GO excludes walls, shafts and shared circulation; for Dutch housing GO/BVO is about 0.8 '
    '(so BVO = GO x 1.2 to 1.25); offices run higher. One figure for every use, documented in docs/analysis.md.';

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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = analysis, public, pg_temp AS $$
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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = analysis, public, pg_temp AS $$
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

-- height_unknown_m2: the footprint area (coverage x part area) of Bouwvlak parts whose height is
--   not on the map and that have no storey count: their floor area is unknown, so the parcel's
--   allowed floor area is unknown unless the scenario assumes a height (assumedHeightM), at
--   scoring time: criteria stay independent of the assumption.
-- dwelling_cap: the homes the plan's 'maximum aantal wooneenheden' allows on the parcel (each
--   Maatvoering's cap shared by area), when every part that allows building has a cap; else null.
-- unit_count, unit_floor_area_m2: the BAG units of the buildings on the parcel and the floor area
--   taken from them, for the explanation.
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
    height_unknown_m2       double precision NOT NULL DEFAULT 0,
    dwelling_cap            double precision,
    unit_count              integer NOT NULL DEFAULT 0,
    unit_floor_area_m2      double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (storey_height_m, parcel_id)
);

CREATE TABLE analysis.criteria_state (
    storey_height_m  double precision PRIMARY KEY,
    data_version     text NOT NULL,
    distance_method  text NOT NULL,
    parcels          integer NOT NULL,
    computed_at      timestamptz NOT NULL DEFAULT now()
);

-- Parallel criteria (docs/scaling.md): each worker connection computes the criteria of one chunk
-- of parcels (a stripe of parcel centres) into this table and commits; the run's own transaction
-- then copies them, with its own walking distances, into analysis.parcel_criteria and empties it.
-- UNLOGGED: rows are scratch that live for one run (no WAL, not on standbys, emptied by a crash).
-- Same columns, in the same order, as analysis.parcel_criteria: the chunk statement is
-- criteria-compute.sql itself with its target renamed (a column added there must be added here).
CREATE UNLOGGED TABLE analysis.criteria_chunk (LIKE analysis.parcel_criteria INCLUDING DEFAULTS);
COMMENT ON TABLE analysis.criteria_chunk IS
    'Scratch rows of parallel criteria chunks, copied into parcel_criteria by the run''s transaction';

-- The service rebuilds the walking network and distances with TRUNCATE, owner's work: the two
-- functions run with the owner's rights (SECURITY DEFINER above), and the app role may call them.
GRANT EXECUTE ON FUNCTION analysis.build_network(double precision) TO infill_app;
GRANT EXECUTE ON FUNCTION analysis.compute_walks(double precision) TO infill_app;
