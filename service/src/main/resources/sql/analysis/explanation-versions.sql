-- What a parcel's explanation (parcel-result.sql) reads, as one version token per scenario: its
-- results (id and results version), the criteria of its storey height (recomputed by any scenario's
-- run after a load) and the parcels and zoning layers the explanation joins. Each part is bumped in
-- the transaction that writes its rows, so a standby showing a scenario's token holds every row
-- the explanation would read on the primary.
SELECT s.slug,
       's' || s.id || 'r' || s.results_version
           || 'c' || coalesce(extract(epoch FROM cs.computed_at)::text, '-')
           || 'p' || coalesce((SELECT version FROM layer_state WHERE layer = 'parcels'), 0)
           || 'z' || coalesce((SELECT version FROM layer_state WHERE layer = 'zoning'), 0) AS token
  FROM scenario s
  LEFT JOIN analysis.criteria_state cs
         ON cs.storey_height_m = (s.params ->> 'storeyHeightM')::double precision
