-- One scenario by slug (the slug is bound, never spliced into SQL).
SELECT slug, name FROM scenario WHERE slug = :slug
