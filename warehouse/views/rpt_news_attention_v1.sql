CREATE VIEW rpt_news_attention AS 
SELECT a.period_key, m.key AS programme, rm.key AS region_code,
       COUNT(*) AS mentions, COUNT(DISTINCT a.article_id) AS articles
FROM news_mention m
JOIN news_article a ON a.article_id = m.article_id AND a.is_canonical = TRUE
LEFT JOIN (SELECT DISTINCT article_id, key FROM news_mention WHERE kind = 'region') rm
       ON rm.article_id = m.article_id
WHERE m.kind = 'programme'
GROUP BY a.period_key, m.key, rm.key
