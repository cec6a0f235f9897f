INSERT INTO scenario (slug, name, description, weights, params)
VALUES (:slug, :name, :description, CAST(:weights AS jsonb), CAST(:params AS jsonb))
