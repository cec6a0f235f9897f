-- A harvest's progress after a page (in a transaction of its own, see V3__ingest.sql).
INSERT INTO load_progress (load_id, pages, features, number_matched, page_url, updated_at)
VALUES (:loadId, :pages, :features, :numberMatched, :pageUrl, now())
ON CONFLICT (load_id) DO UPDATE
   SET pages = EXCLUDED.pages, features = EXCLUDED.features, number_matched = EXCLUDED.number_matched,
       page_url = EXCLUDED.page_url, updated_at = EXCLUDED.updated_at
