-- Fill an upgraded Gnista schema with a national deployment, scaled by :scale.
-- Ids are md5 hashes of row numbers, so every row can be derived without joins.
-- Run by benchmarks/scale/generate.py with psql variables: users, ideas, orgs, kept, titles,
-- sentences, rare; it has loaded the pools of texts (texts.py) into bench_titles, bench_sentences, bench_rare.
\set ON_ERROR_STOP on
SET session_replication_role = replica;  -- the rows are consistent by construction: skip FK triggers
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';

-- Municipalities: sizes fall off like a Zipf law (exponent 0.6), the largest about 4 % of all.
CREATE UNLOGGED TABLE bench_orgs AS
WITH w AS (SELECT k, 1.0 / power(k, 0.6) AS w FROM generate_series(1, :orgs) k),
     s AS (SELECT k, greatest(60, round(w / sum(w) OVER () * :users))::int AS users FROM w)
SELECT k, users,
       (sum(users) OVER (ORDER BY k) - users)::bigint AS user_offset,
       greatest(6, users / 30) AS workplaces,
       greatest(1, round(users::numeric * :ideas / :users))::int AS ideas,
       md5('org' || k)::uuid AS root_id
FROM s;
-- Only the largest :kept municipalities, at their size in the whole deployment (a quick
-- database to work on one municipality's queries; all of them unless asked).
DELETE FROM bench_orgs WHERE k > :kept;
ALTER TABLE bench_orgs ADD COLUMN idea_offset bigint;
UPDATE bench_orgs o SET idea_offset = x.off
FROM (SELECT k, sum(ideas) OVER (ORDER BY k) - ideas AS off FROM bench_orgs) x WHERE x.k = o.k;

-- Units: municipality → 6 administrations → workplaces of about 30 account holders.
INSERT INTO units (id, name, parent_id, path, headcount, target_per_employee, created_at)
SELECT root_id, 'Kommun ' || k, NULL, '/' || replace(root_id::text, '-', '') || '/', 0, 2.0,
       '2023-01-01' FROM bench_orgs;
INSERT INTO units (id, name, parent_id, path, headcount, target_per_employee, created_at)
SELECT md5('adm' || k || '-' || a)::uuid, 'Förvaltning ' || a, root_id,
       '/' || replace(root_id::text, '-', '') || '/' || md5('adm' || k || '-' || a) || '/', 0, NULL,
       '2023-01-01'
FROM bench_orgs, generate_series(1, 6) a;
INSERT INTO units (id, name, parent_id, path, headcount, target_per_employee, created_at)
SELECT md5('wp' || k || '-' || w)::uuid, 'Enhet ' || k || '.' || w,
       md5('adm' || k || '-' || ((w - 1) % 6 + 1))::uuid,
       '/' || replace(root_id::text, '-', '') || '/' || md5('adm' || k || '-' || ((w - 1) % 6 + 1))
           || '/' || md5('wp' || k || '-' || w) || '/',
       -- Not every employee has an account: headcount is a quarter above the accounts.
       ceil(users::numeric / workplaces * 1.25), NULL, '2023-01-01'
FROM bench_orgs, generate_series(1, workplaces) w;

-- Users: local number 0 of each municipality is its administrator, at the root unit.
INSERT INTO users (id, display_name, sort_name, unit_id, role, language, active, created_at)
SELECT md5('u' || (user_offset + l + 1))::uuid, 'Anställd ' || (user_offset + l + 1),
       'anställd ' || (user_offset + l + 1),
       CASE WHEN l = 0 THEN root_id ELSE md5('wp' || k || '-' || (l % workplaces + 1))::uuid END,
       CASE WHEN l = 0 THEN 'admin' WHEN l % 30 = 1 THEN 'handler' ELSE 'staff' END,
       'sv', true, '2023-01-01'
FROM bench_orgs, generate_series(0, users - 1) l;

-- The pools' words as the search index holds them, made by the index's own functions.
ALTER TABLE bench_titles ADD COLUMN vector tsvector, ADD COLUMN folded text;
UPDATE bench_titles SET vector = gnista_search_vector(gnista_fold(body), 'A'), folded = gnista_fold(body);
ALTER TABLE bench_sentences ADD COLUMN vector tsvector, ADD COLUMN folded text;
UPDATE bench_sentences SET vector = gnista_search_vector(gnista_fold(body), 'B'), folded = gnista_fold(body);
ALTER TABLE bench_rare ADD COLUMN vector tsvector, ADD COLUMN folded text;
UPDATE bench_rare SET vector = gnista_search_vector(gnista_fold(body), 'B'), folded = gnista_fold(body);

-- Ideas, one row per number: who submitted it, when, how far it got and what it says (a
-- title, two or three sentences, one idea in 5,000 a sentence with a rare word). Kept in
-- the order they were written, as the tables fill in a real deployment.
CREATE UNLOGGED TABLE bench_ideas AS
SELECT i, k, l, votes, status,
       (hashint8extended(i, 1) & 2147483647) % :titles AS title_n,
       (hashint8extended(i, 2) & 2147483647) % :sentences AS s1_n,
       (hashint8extended(i, 3) & 2147483647) % :sentences AS s2_n,
       CASE WHEN hashint8extended(i, 4) % 3 <> 0
            THEN (hashint8extended(i, 5) & 2147483647) % :sentences END AS s3_n,
       CASE WHEN i % 5000 = 0 THEN (i / 5000 % :rare)::int END AS rare_n,
       created_at,
       CASE WHEN status <> 'submitted' THEN created_at + ((i * 40503) % 240 + 1) * interval '1 hour' END
           AS first_response_at
FROM (
  SELECT idea_offset + j AS i, k, ((j::bigint * 7919) % users)::int AS l,
         ((idea_offset + j) * 48271 % 7)::int AS votes,
         CASE WHEN (idea_offset + j) * 2654435761 % 100 < 15 THEN 'submitted'
              WHEN (idea_offset + j) * 2654435761 % 100 < 30 THEN 'acknowledged'
              WHEN (idea_offset + j) * 2654435761 % 100 < 40 THEN 'in_review'
              WHEN (idea_offset + j) * 2654435761 % 100 < 50 THEN 'approved'
              WHEN (idea_offset + j) * 2654435761 % 100 < 85 THEN 'implemented'
              ELSE 'declined' END AS status,
         timestamptz '2023-01-01' + (j::float8 / ideas) * interval '1420 days'
             + ((idea_offset + j) * 69069 % 3600) * interval '1 second' AS created_at
  FROM bench_orgs, generate_series(1, ideas) j
) x
ORDER BY created_at;

INSERT INTO ideas (id, org_id, unit_id, submitter_id, title, description, anonymous, status,
                   vote_count, comment_count, created_at, updated_at, first_response_at,
                   implemented_at, declined_at)
SELECT md5('i' || b.i)::uuid, o.root_id,
       CASE WHEN b.l = 0 THEN o.root_id ELSE md5('wp' || o.k || '-' || (b.l % o.workplaces + 1))::uuid END,
       md5('u' || (o.user_offset + b.l + 1))::uuid,
       t.body, concat_ws(' ', s1.body, s2.body, s3.body, r.body),
       b.i % 20 = 0, b.status, b.votes, 0, b.created_at, coalesce(b.first_response_at, b.created_at),
       b.first_response_at,
       CASE WHEN b.status = 'implemented' THEN b.first_response_at + interval '30 days' END,
       CASE WHEN b.status = 'declined' THEN b.first_response_at END
FROM bench_ideas b JOIN bench_orgs o USING (k) JOIN bench_titles t ON t.n = b.title_n
JOIN bench_sentences s1 ON s1.n = b.s1_n JOIN bench_sentences s2 ON s2.n = b.s2_n
LEFT JOIN bench_sentences s3 ON s3.n = b.s3_n LEFT JOIN bench_rare r ON r.n = b.rare_n;

-- The search index as its trigger writes it for an idea without comments: the title's and
-- the sentences' vectors joined (the same words as the whole text's vector; only the
-- positions of the sentences' words differ), and the folded text.
INSERT INTO idea_search (idea_id, org_id, document, words)
SELECT md5('i' || b.i)::uuid, o.root_id,
       t.vector || s1.vector || s2.vector || coalesce(s3.vector, '') || coalesce(r.vector, ''),
       concat_ws(' ', t.folded, s1.folded, s2.folded, s3.folded, r.folded)
FROM bench_ideas b JOIN bench_orgs o USING (k) JOIN bench_titles t ON t.n = b.title_n
JOIN bench_sentences s1 ON s1.n = b.s1_n JOIN bench_sentences s2 ON s2.n = b.s2_n
LEFT JOIN bench_sentences s3 ON s3.n = b.s3_n LEFT JOIN bench_rare r ON r.n = b.rare_n;

-- Votes: the next few colleagues of the submitter in the same municipality, never themselves.
INSERT INTO votes (idea_id, user_id, created_at)
SELECT md5('i' || b.i)::uuid, md5('u' || (o.user_offset + (b.l + t) % o.users + 1))::uuid,
       b.created_at + t * interval '1 hour'
FROM bench_ideas b JOIN bench_orgs o USING (k), generate_series(1, b.votes) t
WHERE b.votes < o.users;

-- The submission is the first entry of every idea's history.
INSERT INTO status_changes (id, idea_id, from_status, to_status, note, actor_id, created_at)
SELECT md5('s' || b.i)::uuid, md5('i' || b.i)::uuid, NULL, 'submitted', '',
       md5('u' || (o.user_offset + b.l + 1))::uuid, b.created_at
FROM bench_ideas b JOIN bench_orgs o USING (k);
