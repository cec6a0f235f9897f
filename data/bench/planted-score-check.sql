-- Rough cross-check that the planted candidates of a sample city score in the top decile of the
-- default scenario (docs/datagen.md). Not the analysis itself: it re-states the default weights
-- of V20__analysis_criteria.sql with straight-line distances x 1.3 instead of the walking network.
-- Load the sample first:  ogr2ogr -f PostgreSQL PG:... city.gpkg -lco SCHEMA=dgcheck -lco GEOMETRY_NAME=geom -lco FID=id
-- then:  psql ... -f data/bench/planted-score-check.sql
set search_path = dgcheck, public;
create temp table pc as
with b as (
  select p.id pid, sum(st_area(b.geom)) fp, sum(b.floor_area_m2) fa,
         sum(b.construction_year*b.floor_area_m2)/nullif(sum(b.floor_area_m2),0) yr,
         coalesce(sum(b.floor_area_m2) filter (where use in ('kantoor','industrie')),0)/nullif(sum(b.floor_area_m2),0) tr,
         bool_or(b.monument::int=1) mon
    from parcels p join buildings b on st_coveredby(b.geom, p.geom) group by 1),
z as (
  select p.id pid, sum(st_area(st_intersection(z.geom,p.geom)) ) zm2,
         sum(least(coalesce(z.max_fsi*st_area(st_intersection(z.geom,p.geom)),1e12), z.max_coverage*st_area(st_intersection(z.geom,p.geom))*floor(z.max_height_m/3))) allowed,
         coalesce(sum(st_area(st_intersection(z.geom,p.geom))) filter (where function in ('water','groen')),0) wg
    from parcels p join zoning z on st_intersects(z.geom,p.geom) group by 1),
c as (
  select p.id pid, sum(st_area(st_intersection(c.geom,p.geom))) filter (where severity='hard')/st_area(p.geom) hard,
         sum(st_area(st_intersection(c.geom,p.geom))) filter (where severity='soft')/st_area(p.geom) soft
    from parcels p join constraints c on st_intersects(c.geom,p.geom) group by p.id, p.geom),
n as (select distinct on (p.id) p.id pid, n.pop_65plus_pct pct from parcels p join neighbourhoods n on st_intersects(n.geom, st_centroid(p.geom)))
select p.id pid, p.source_id, p.area_m2, coalesce(b.fa,0) fa, b.yr, coalesce(b.tr,0) tr, coalesce(b.mon,false) mon,
  z.allowed, coalesce(z.wg,0)/p.area_m2 wg, coalesce(c.hard,0) hard, coalesce(c.soft,0) soft, n.pct,
  (select 1.3*min(st_distance(a.geom, st_centroid(p.geom))) from amenities a where a.type='supermarket') d_sup,
  (select 1.3*min(st_distance(a.geom, st_centroid(p.geom))) from amenities a where a.type='gp') d_gp,
  (select 1.3*min(st_distance(a.geom, st_centroid(p.geom))) from amenities a where a.type='pharmacy') d_ph,
  (select 1.3*min(st_distance(a.geom, st_centroid(p.geom))) from amenities a where a.type='primary_school') d_sc,
  (select 1.3*min(st_distance(a.geom, st_centroid(p.geom))) from amenities a where a.type='pt_stop') d_pt
from parcels p left join b on b.pid=p.id left join z on z.pid=p.id left join c on c.pid=p.id left join n on n.pid=p.id;
create or replace function pg_temp.dec(d float) returns float language sql as $$ select greatest(0, least(1, (1200-d)/800)) $$;
create temp table sc as
with c as (select *, greatest(0, coalesce(allowed - fa,0)) zcap,
   case when wg>0.5 then 'wg' when hard>0.5 then 'hard' when mon then 'mon' when yr>=2015 then 'recent' end reason from pc),
v as (select *, case when reason is null and zcap>0 then cume_dist() over (partition by (reason is null and zcap>0) order by zcap) else 0 end vcap,
   case when allowed>0 then greatest(0,least(1,(allowed-fa)/allowed)) else 0 end vu,
   greatest(0,least(1,(2026-yr)/40)) vo from c)
select *, 100*(0.30*vcap + 0.15*vu + 0.15*coalesce(vo,0) + 0.10*tr
   + 0.15*(pg_temp.dec(d_sup)+pg_temp.dec(d_gp)+pg_temp.dec(d_ph)+pg_temp.dec(d_sc)+pg_temp.dec(d_pt))/5
   + 0.10*least(1,pct/30)*(pg_temp.dec(d_gp)+pg_temp.dec(d_sup)+pg_temp.dec(d_pt))/3 + 0.05*(1-least(1,soft))) score
from v where reason is null;
select count(*) ranked, percentile_disc(0.9) within group (order by score) p90 from sc;
select pc.kind, count(*), min(s.score)::int minscore, avg(s.score)::int avgscore, min(r.rnk) best_rank, max(r.rnk) worst_rank
 from planted_candidates pc join (select source_id, score, rank() over (order by score desc) rnk from sc) r on r.source_id = pc.parcel_source_id
 join sc s on s.source_id = pc.parcel_source_id group by 1;
