-- Planboard store schema. Every statement is idempotent: `build` runs this file
-- on every call, so a new table or column added here migrates an old store.
-- Plan tables are reloaded from data/plan/ on each build; actual_revision is
-- append-only and never rewritten.

create table if not exists schema_version (
    version integer not null,
    applied_at timestamp not null
);

create table if not exists plan (
    plan_id varchar primary key,
    municipality_ja varchar not null,
    municipality_en varchar,
    title_ja varchar not null,
    title_en varchar,
    chapter_ja varchar,
    first_fy integer not null,
    last_fy integer not null,
    vision_fy integer,
    previous_plan_end_fy integer,
    source_document varchar not null
);

create table if not exists goal (
    plan_id varchar not null,
    goal_no integer not null,
    title_ja varchar not null,
    title_en varchar,
    source varchar not null,
    primary key (plan_id, goal_no)
);

create table if not exists initiative (
    plan_id varchar not null,
    item_no varchar not null,
    display_order integer not null,
    goal_no integer not null,
    heading_no varchar,
    title_ja varchar not null,
    title_en varchar,
    mark varchar,
    headline_order integer,
    description_ja varchar,
    reprint_of varchar,
    title_note varchar,
    source varchar not null,
    primary key (plan_id, item_no)
);

create table if not exists department (
    plan_id varchar not null,
    item_no varchar not null,
    display_order integer not null,
    bureau varchar not null,
    section varchar not null,
    source varchar not null,
    primary key (plan_id, item_no, display_order)
);

create table if not exists footnote (
    plan_id varchar not null,
    item_no varchar not null,
    footnote_no varchar not null,
    text_ja varchar not null,
    source varchar not null,
    primary key (plan_id, item_no, footnote_no)
);

create table if not exists metric (
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    display_order integer not null,
    group_ja varchar,
    label_ja varchar not null,
    label_en varchar,
    mark varchar,
    kind varchar not null check (kind in ('count', 'milestone')),
    unit_ja varchar,
    unit_en varchar,
    goal_text varchar not null,
    goal_value double,
    total_text varchar,
    total_value double,
    source varchar not null,
    note varchar,
    primary key (plan_id, item_no, metric_code)
);

create table if not exists metric_stage (
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    stage_no integer not null check (stage_no >= 1),
    stage_ja varchar not null,
    stage_en varchar,
    source varchar not null,
    primary key (plan_id, item_no, metric_code, stage_no)
);

create table if not exists metric_facet (
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    facet varchar not null,
    value_ja varchar not null,
    value_en varchar,
    source varchar not null,
    primary key (plan_id, item_no, metric_code, facet)
);

create table if not exists target (
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    fiscal_year integer not null,
    column_ja varchar,
    planned_text varchar not null,
    planned_value double,
    planned_stage_no integer,
    rule varchar not null check (rule in ('at_least', 'stage', 'increase', 'none')),
    note varchar,
    source varchar not null,
    primary key (plan_id, item_no, metric_code, fiscal_year)
);

create table if not exists status_code (
    code varchar primary key,
    severity integer not null,
    label_ja varchar not null,
    label_en varchar not null,
    icon varchar not null,
    colour varchar not null
);

create table if not exists setting (
    name varchar primary key,
    value varchar not null,
    help varchar not null
);

create sequence if not exists actual_revision_seq start 1;

create table if not exists actual_revision (
    revision_id bigint primary key default nextval('actual_revision_seq'),
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    fiscal_year integer not null,
    value double,
    stage_no integer,
    value_text varchar,
    note varchar,
    source varchar not null,
    editor varchar not null,
    recorded_at timestamp not null,
    change_kind varchar not null check (change_kind in ('baseline', 'import', 'correction', 'revert')),
    batch_id varchar,
    reverts_revision_id bigint
);

-- Migrations for stores built by earlier versions.
alter table initiative add column if not exists headline_order integer;
-- 評価・課題: a comment per metric and fiscal year, append-only like actuals.
-- The current note is the newest revision; empty text means the note was cleared.
create sequence if not exists metric_note_revision_seq start 1;

create table if not exists metric_note_revision (
    note_revision_id bigint primary key default nextval('metric_note_revision_seq'),
    plan_id varchar not null,
    item_no varchar not null,
    metric_code varchar not null,
    fiscal_year integer not null,
    note_text varchar not null,
    editor varchar not null,
    recorded_at timestamp not null,
    batch_id varchar not null
);
