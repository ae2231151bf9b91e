-- The meetings layout of /meetings/export.csv in one PostgreSQL query: the physical limit of an export.
-- bench/copy_reference.py creates the function, then runs the query as COPY (...) TO STDOUT WITH (FORMAT csv,
-- HEADER) through psycopg and compares its rows with our export's. Same columns, same order (newest first), the
-- multi-valued columns joined with "; ", every text cell neutralised for spreadsheets as meetings/exports.py does
-- (a leading = + - @ tab CR LF, or an apostrophe, gets an apostrophe before it). {site_url} is a quoted literal;
-- dates are written in the session's DateStyle, which copy_reference.py sets to ISO.

-- A session's own function, inlined by the planner (LANGUAGE sql, IMMUTABLE). It compares the code of the first
-- character (= + - @ tab CR LF '), not text: text comparisons go through the collation, many times slower.
CREATE FUNCTION pg_temp.neutralise(cell text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN ascii(cell) IN (61, 43, 45, 64, 9, 13, 10, 39) THEN '''' || cell ELSE cell END
$$;

-- query:
WITH participants AS (
    -- Aggregated in the order of the sorted subquery (PostgreSQL keeps it; the check against the export would
    -- show otherwise): twice as fast as string_agg(… ORDER BY …), which sorts every group again.
    SELECT meeting_id,
           string_agg(name, '; ') AS names,
           string_agg(code, '; ') AS codes,
           string_agg(office, '; ') AS offices
    FROM (
        SELECT p.meeting_id, l.name, c.code, p.office
        FROM meetings_participation p
        JOIN meetings_leader l ON l.id = p.leader_id
        JOIN meetings_country c ON c.id = p.country_id
        ORDER BY p.meeting_id, p."order", p.id
    ) ordered
    GROUP BY meeting_id
),
named_topics AS (
    SELECT ma.meeting_id,
           CASE WHEN parent.name IS NULL THEN a.name ELSE parent.name || ' › ' || a.name END AS topic
    FROM meetings_meetingarea ma
    JOIN meetings_cooperationarea a ON a.id = ma.area_id
    LEFT JOIN meetings_cooperationarea parent ON parent.id = a.parent_id
),
topics AS (
    SELECT meeting_id, string_agg(topic, '; ' ORDER BY topic COLLATE "C") AS topics
    FROM named_topics
    GROUP BY meeting_id
),
sources AS (
    SELECT meeting_id, string_agg(publisher, '; ') AS publishers, string_agg(url, '; ') AS urls
    FROM (SELECT meeting_id, publisher, url FROM meetings_source ORDER BY meeting_id, id) ordered
    GROUP BY meeting_id
),
cells AS (
    SELECT m.id,
           {site_url} || '/meetings/' || m.slug || '/' AS permalink,
           m.date::text AS date,
           m.end_date::text AS end_date,
           m.title,
           m.kind,
           coalesce(s.name, '') AS summit,
           coalesce(s.series, '') AS summit_series,
           m.city,
           coalesce(c.code, '') AS country_code,
           coalesce(nullif(m.country_name, ''), c.name, '') AS country_name,
           coalesce(p.names, '') AS participant_names,
           coalesce(p.codes, '') AS participant_country_codes,
           coalesce(p.offices, '') AS participant_offices,
           coalesce(t.topics, '') AS topics,
           m.summary,
           coalesce(so.publishers, '') AS source_publishers,
           coalesce(so.urls, '') AS source_urls,
           -- As Python's isoformat() writes it: six digits of microseconds, or none when they are zero.
           replace(CASE WHEN length(u.utc) = 19 THEN u.utc ELSE rpad(u.utc, 26, '0') END, ' ', 'T') || 'Z'
               AS last_updated,
           m.date AS sort_date
    FROM meetings_meeting m
    LEFT JOIN meetings_summit s ON s.id = m.summit_id
    LEFT JOIN meetings_country c ON c.id = m.country_id
    LEFT JOIN participants p ON p.meeting_id = m.id
    LEFT JOIN topics t ON t.meeting_id = m.id
    LEFT JOIN sources so ON so.meeting_id = m.id
    CROSS JOIN LATERAL (SELECT (m.updated_at AT TIME ZONE 'UTC')::text AS utc) u
    WHERE m.status = 'published'
)
SELECT id,
       pg_temp.neutralise(permalink) AS permalink,
       date,
       end_date,
       pg_temp.neutralise(title) AS title,
       kind,
       pg_temp.neutralise(summit) AS summit,
       summit_series,
       pg_temp.neutralise(city) AS city,
       country_code,
       pg_temp.neutralise(country_name) AS country_name,
       pg_temp.neutralise(participant_names) AS participant_names,
       participant_country_codes,
       pg_temp.neutralise(participant_offices) AS participant_offices,
       pg_temp.neutralise(topics) AS topics,
       pg_temp.neutralise(summary) AS summary,
       pg_temp.neutralise(source_publishers) AS source_publishers,
       pg_temp.neutralise(source_urls) AS source_urls,
       last_updated
FROM cells
ORDER BY sort_date DESC NULLS LAST, id DESC
