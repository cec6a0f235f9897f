UPDATE scenario
   SET name = :name, description = :description, weights = CAST(:weights AS jsonb),
       params = CAST(:params AS jsonb), updated_at = now()
 WHERE slug = :slug
