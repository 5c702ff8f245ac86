CREATE VIEW rpt_news_claim AS 
SELECT f.figure_id, f.kind, f.metric, f.modality, f.scope, f.value_number, f.region_code, f.period,
       f.programmes, f.segment, f.funding_source, f.occupation, f.branch, f.actor, f.plausible,
       f.text AS figure_text,
       f.sentence, a.article_id, a.period_key AS article_period_key, a.published_at,
       f.needs_review, f.review_reasons, a.url AS article_url, a.title AS article_title, a.is_canonical
FROM news_figure f
JOIN news_article a ON a.article_id = f.article_id
WHERE f.kind IN ('money', 'count', 'percent') AND f.value_number IS NOT NULL
  AND EXISTS (SELECT 1 FROM news_mention m WHERE m.article_id = a.article_id AND m.kind = 'programme')
