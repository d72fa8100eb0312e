-- The plan of user search (chat/services/people_search.ts) on PostgreSQL, on a seeded table:
-- 50,000 people in 100 teams of 500, three search terms each; the viewer is in two teams
-- (about 1,000 teammates) and 20 channels. Everything is rolled back at the end.
--   psql -h 127.0.0.1 -U postgres -d <a migrated database> -f bench/user_search_plan.sql
BEGIN;
INSERT INTO teams (id, name, invite_code, created_at, updated_at)
SELECT ('00000000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, 'team ' || i, 'inv' || i,
       now(), now()
FROM generate_series(0, 99) i;
INSERT INTO users (id, username, email, display_name, password, is_admin, created_at, updated_at)
SELECT ('00000000-0000-7000-9000-' || lpad(i::text, 12, '0'))::uuid, 'user' || i,
       'user' || i || '@example.test',
       (ARRAY['Marie', 'Martin', 'Anne', 'Paul', 'Zoe', 'Omar', 'Li', 'Sven'])[1 + i % 8] || ' ' ||
       (ARRAY['Curie', 'Dupont', 'Smith', 'Lee', 'Marsh', 'Okafor', 'Nguyen'])[1 + i % 7] || i,
       'x', false, now(), now()
FROM generate_series(1, 50000) i;
INSERT INTO user_search_terms (user_id, term, weight)
SELECT id, username, 0 FROM users WHERE username LIKE 'user%'
UNION ALL SELECT id, lower(split_part(display_name, ' ', 1)), 1 FROM users WHERE username LIKE 'user%'
UNION ALL SELECT id, lower(split_part(display_name, ' ', 2)), 2 FROM users WHERE username LIKE 'user%';
INSERT INTO team_members (team_id, user_id, role, created_at)
SELECT ('00000000-0000-7000-8000-' || lpad((i % 100)::text, 12, '0'))::uuid,
       ('00000000-0000-7000-9000-' || lpad(i::text, 12, '0'))::uuid, 'member', now()
FROM generate_series(1, 50000) i;
-- The viewer, user1, is in team 1 already; add team 2.
INSERT INTO team_members (team_id, user_id, role, created_at)
VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-9000-000000000001', 'member', now());
INSERT INTO channels (id, team_id, type, name, display_name, created_at, updated_at)
SELECT ('00000000-0000-7000-a000-' || lpad(c::text, 12, '0'))::uuid,
       ('00000000-0000-7000-8000-' || lpad((c % 100)::text, 12, '0'))::uuid, 'public', 'ch' || c,
       'ch' || c, now(), now()
FROM generate_series(1, 2000) c;
INSERT INTO channel_members (channel_id, user_id, role, created_at)
SELECT ('00000000-0000-7000-a000-' || lpad((1 + (i * 7 + k) % 2000)::text, 12, '0'))::uuid,
       ('00000000-0000-7000-9000-' || lpad(i::text, 12, '0'))::uuid, 'member', now()
FROM generate_series(1, 50000) i, generate_series(0, 4) k
ON CONFLICT DO NOTHING;
ANALYZE users; ANALYZE user_search_terms; ANALYZE team_members; ANALYZE channel_members;

-- A rare prefix ("okaf": a seventh of everyone's second word), then a common one ("ma": two
-- first names and a surname, most of the table), as the service sends them.
PREPARE people(text, text, text, uuid) AS
SELECT "t"."user_id", "u"."username",
       MIN(CASE WHEN t.term = $1 AND t.weight = 0 THEN -1 ELSE t.weight END) AS best
FROM (SELECT "theirs"."user_id" FROM "team_members" AS "mine"
      INNER JOIN "team_members" AS "theirs" ON "theirs"."team_id" = "mine"."team_id"
      WHERE "mine"."user_id" = $4 AND NOT "mine"."role" = 'guest'
      UNION
      SELECT "theirs"."user_id" FROM "team_members" AS "mine"
      INNER JOIN "channels" AS "c" ON "c"."team_id" = "mine"."team_id"
      INNER JOIN "channel_members" AS "m" ON "m"."channel_id" = "c"."id" AND "m"."user_id" = $4
      INNER JOIN "channel_members" AS "theirs" ON "theirs"."channel_id" = "c"."id"
      WHERE "mine"."user_id" = $4 AND "mine"."role" = 'guest') AS "v"
INNER JOIN "user_search_terms" AS "t" ON "t"."user_id" = "v"."user_id"
INNER JOIN "users" AS "u" ON "u"."id" = "t"."user_id"
WHERE "t"."term" >= $2 AND "t"."term" < $3 AND "u"."deactivated_at" IS NULL
GROUP BY "t"."user_id", "u"."username" ORDER BY "best" ASC, "u"."username" ASC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
EXECUTE people('', 'okaf', 'okaf' || chr(1114111), '00000000-0000-7000-9000-000000000001');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
EXECUTE people('', 'ma', 'ma' || chr(1114111), '00000000-0000-7000-9000-000000000001');
ROLLBACK;
