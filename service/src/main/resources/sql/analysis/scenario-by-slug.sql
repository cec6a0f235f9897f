SELECT id, slug, name, description, weights::text AS weights, params::text AS params, is_default,
       results_version, created_at, updated_at
  FROM scenario
 WHERE slug = :slug
