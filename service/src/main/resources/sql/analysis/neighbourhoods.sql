-- /*ORDER_BY*/ is replaced by a whitelisted sort expression (ResultStore.SORTS), never by input.
SELECT n.id AS neighbourhood_id, n.code, n.name, n.population, n.pop_65plus_pct, r.parcels, r.capacity_m2,
       r.extra_dwellings, r.mean_score, r.parcels_per_class::text AS parcels_per_class, r.ageing_fit,
       r.mean_scaled
  FROM neighbourhood_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN neighbourhood n ON n.id = r.neighbourhood_id
 WHERE s.slug = :slug
 ORDER BY /*ORDER_BY*/, n.id
