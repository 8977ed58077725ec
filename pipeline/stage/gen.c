/* gen.c - deterministic registries and submissions for tests and benchmarks. */
#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#include "forms.h"
#include "submission_write.h"
#include "text.h"

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

/* A random stream per (seed, unit): stable whatever the order of units. */
struct rng {
    uint64_t state;
};

static uint64_t next(struct rng *r)
{
    r->state = mix(r->state);
    return r->state;
}

/* uniform in [lo, hi] */
static int64_t range(struct rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1));
}

static void set(struct th_submission *s, const char *id, int64_t v)
{
    int f = th_field_index(id);
    if (f >= 0 && f < TH_NNUMERIC) {
        s->val.v[f] = v < 0 ? 0 : v;
        s->val.present[f] = 1;
    }
}

static void setf(struct th_submission *s, int64_t v, const char *fmt, const char *a, const char *b)
{
    char id[96];
    snprintf(id, sizeof id, fmt, a, b);
    set(s, id, v);
}

/* part of whole: a share between lo% and 100% */
static int64_t share(struct rng *r, int64_t whole, int lo)
{
    return whole * range(r, lo, 100) / 100;
}

/* Year-to-year drift: within +-8%, so outlier rules stay quiet on generated data. */
static int64_t drift(struct rng *year_rng, int64_t v)
{
    return v + v * range(year_rng, -8, 8) / 100;
}

/* What units write in their narrative, from small pools: a ward or commune
 * writes about its hamlets and beneficiaries, an agency about its own staff.
 * Three units in five write nothing; of the others three in four say
 * what they did, one in two raises a difficulty, two in five a proposal. A stream of its own, so the counts do not depend on it. */
static const char *const narr_results[2][4] = {
    {"Thực hiện các nhiệm vụ được giao trong Kế hoạch năm %d; phối hợp với các địa phương triển khai "
     "công tác xã hội trong lĩnh vực phụ trách.",
     "Bố trí người làm đầu mối công tác xã hội; tư vấn, hỗ trợ kịp thời người bệnh, người có hoàn cảnh khó "
     "khăn trong năm %d.",
     "Lồng ghép nội dung công tác xã hội vào kế hoạch công tác năm %d của đơn vị; báo cáo đúng thời hạn.",
     "Tổ chức tập huấn, truyền thông về công tác xã hội cho cán bộ, viên chức của đơn vị trong năm %d."},
    {"Rà soát, lập danh sách đối tượng cần trợ giúp xã hội; kịp thời hỗ trợ các trường hợp khó khăn đột "
     "xuất trong năm %d.",
     "Phối hợp với Mặt trận Tổ quốc và Hội Chữ thập đỏ vận động nguồn lực, tặng quà người cao tuổi, người "
     "khuyết tật và trẻ em có hoàn cảnh đặc biệt (năm %d).",
     "Duy trì hoạt động của cộng tác viên công tác xã hội tại các ấp, khu vực; tư vấn, hỗ trợ kịp thời cho "
     "đối tượng trong năm %d.",
     "Tổ chức truyền thông nhân Ngày Công tác xã hội Việt Nam (25/3/%d) tại trụ sở và các ấp."}};
static const char *const narr_difficulties[2][4] = {
    {"Chưa có vị trí việc làm chuyên về công tác xã hội; viên chức phải kiêm nhiệm nhiều việc.",
     "Kinh phí sự nghiệp cho công tác xã hội chưa được bố trí riêng.",
     "Đội ngũ làm công tác xã hội còn kiêm nhiệm, chưa được đào tạo chuyên sâu.",
     "Chưa có phòng riêng để tư vấn, tham vấn cho người bệnh và gia đình."},
    {"Thiếu cán bộ chuyên trách công tác xã hội; kinh phí hỗ trợ chưa kịp thời.",
     "Cộng tác viên công tác xã hội ở ấp chưa có phụ cấp nên hoạt động chưa thường xuyên.",
     "Số đối tượng cần trợ giúp tăng do triều cường, sạt lở bờ sông, vượt khả năng hỗ trợ của địa phương.",
     "Phần mềm quản lý đối tượng chưa kết nối với cơ sở dữ liệu của tỉnh, phải nhập số liệu nhiều lần."}};
static const char *const narr_proposals[2][4] = {
    {"Đề nghị hướng dẫn việc xác định vị trí việc làm công tác xã hội trong đơn vị sự nghiệp.",
     "Đề nghị cơ quan cấp trên bố trí kinh phí tập huấn nghiệp vụ công tác xã hội cho viên chức.",
     "Đề nghị tiếp tục tổ chức tập huấn kỹ năng công tác xã hội cho cơ sở.",
     "Kiến nghị ban hành quy chế phối hợp giữa bệnh viện và địa phương trong hỗ trợ người bệnh khó khăn."},
    {"Đề nghị bố trí kinh phí hỗ trợ cộng tác viên công tác xã hội ở ấp, khu vực.",
     "Kiến nghị bổ sung biên chế cán bộ chuyên trách công tác xã hội cấp xã.",
     "Đề nghị sớm hướng dẫn quy trình quản lý trường hợp đối với trẻ em có hoàn cảnh đặc biệt.",
     "Đề nghị cấp tỉnh hỗ trợ trang thiết bị cho phòng tư vấn tại trụ sở Ủy ban nhân dân."}};

/* A period in the seed: annual 0 and h1 1, as they were numbered (the same
 * seed, the same submissions); another id by its hash. */
static uint64_t period_seed(const char *id)
{
    return strcmp(id, "annual") == 0 ? 0 : strcmp(id, "h1") == 0 ? 1 : hash_str(id);
}

static void gen_narrative(struct th_submission *s, const struct th_unit *u, bool ward, uint64_t seed)
{
    struct rng t = {mix(seed ^ hash_str(u->code) ^ 0x6e61727261746976ull ^ (uint64_t)s->year * 104729u ^
                        period_seed(s->period))};
    int w = ward ? 1 : 0;
    for (int k = 0; k < 3; k++) {
        free(s->text[k]);
        s->text[k] = NULL;
    }
    if (next(&t) % 5 < 3)
        return; /* nothing written */
    if (next(&t) % 4 != 0)
        s->text[0] = th_asprintf(narr_results[w][next(&t) % 4], s->year);
    if (next(&t) % 2 == 0)
        s->text[1] = th_strdup(narr_difficulties[w][next(&t) % 4]);
    if (next(&t) % 5 < 2)
        s->text[2] = th_strdup(narr_proposals[w][next(&t) % 4]);
}

void th_gen_values(struct th_submission *s, const struct th_unit *u, uint64_t seed)
{
    struct rng r = {mix(seed ^ hash_str(u->code))};
    struct rng y = {mix(seed ^ hash_str(u->code) ^ (uint64_t)s->year * 7919u ^ period_seed(s->period))};
    bool ward = (u->kind->manages & (1u << th_body_kind_index("ubnd_xa"))) != 0 &&
                u->kind->level >= 2 && !(u->kind->manages & (1u << th_body_kind_index("trai_giam")));
    for (size_t k = 0; k < th_nbody_kinds; k++) {
        int64_t total = 0;
        if (u->kind->manages & (1u << k)) {
            if (strcmp(th_body_kinds[k], "ubnd_xa") == 0)
                total = ward ? 1 : 0;
            else
                total = drift(&y, range(&r, 0, ward ? 6 : 4));
        }
        int64_t staffed = share(&r, total, 70), paid = share(&r, staffed, 50);
        setf(s, total, "bodies.%s.%s", th_body_kinds[k], "total");
        setf(s, staffed, "bodies.%s.%s", th_body_kinds[k], "staffed");
        setf(s, paid, "bodies.%s.%s", th_body_kinds[k], "paid");
    }
    static const char *const cats[] = {"chuyen_trach", "khong_chuyen_trach", "cong_tac_vien"};
    int64_t trained_all = 0;
    for (size_t c = 0; c < 3; c++) {
        int64_t staff = drift(&y, range(&r, 1, 12)), trained = share(&r, staff, 60);
        trained_all += trained;
        setf(s, staff, "workforce.%s.%s", cats[c], "staff");
        setf(s, trained, "workforce.%s.%s", cats[c], "trained");
    }
    int64_t dh = trained_all / 5, cd = trained_all / 10, tc = trained_all / 10, sdh = trained_all / 20;
    set(s, "training.dai_hoc", dh);
    set(s, "training.cao_dang", cd);
    set(s, "training.trung_cap", tc);
    set(s, "training.sau_dai_hoc", sdh);
    set(s, "training.ngan_han", trained_all - dh - cd - tc - sdh);
    int64_t issued = range(&r, 0, 3), reissued = range(&r, 0, 1);
    set(s, "certificates.issued", issued);
    set(s, "certificates.reissued", reissued);
    set(s, "certificates.revoked", range(&r, 0, 1) && issued ? 1 : 0);
    static const char *const fac[] = {"tro_giup_xa_hoi", "y_te", "giao_duc", "khac"};
    for (size_t i = 0; i < 4; i++) {
        int64_t total = range(&r, 0, 3);
        setf(s, total, "services.%s.%s", fac[i], "total");
        setf(s, share(&r, total, 60), "services.%s.%s", fac[i], "providing");
    }
    int64_t needing = drift(&y, range(&r, 20, 300)), helped = share(&r, needing, 85);
    set(s, "people.needing", needing);
    set(s, "people.helped", helped);
    set(s, "people.case_managed", share(&r, helped, 10) * 40 / 100);
    static const char *const ch[] = {"mo_coi", "bi_bo_roi", "hiv", "chat_doc", "khuyet_tat", "thien_tai"};
    for (size_t i = 0; i < 6; i++) {
        int64_t total = range(&r, 0, 15);
        setf(s, total, "children.%s.%s", ch[i], "total");
        setf(s, share(&r, total, 80), "children.%s.%s", ch[i], "supported");
    }
    int64_t courses = range(&r, 0, 5);
    set(s, "activities.courses", courses);
    set(s, "activities.participants", courses * range(&r, 15, 40));
    set(s, "activities.communication", range(&r, 1, 20));
    set(s, "activities.contests", range(&r, 0, 2));
    set(s, "activities.models_built", range(&r, 0, 2));
    set(s, "activities.models_replicated", range(&r, 0, 1));
    set(s, "activities.social_work_day", range(&r, 0, 3));
    set(s, "funding.state_budget", drift(&y, range(&r, 0, 500)) * 1000000);
    set(s, "funding.mobilised", range(&r, 0, 200) * 1000000);
    static const char *const names[] = {"Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hồng", "Phạm Quốc Bảo",
                                        "Võ Thị Mai", "Huỳnh Văn Tâm", "Đặng Thị Thu", "Bùi Minh Khoa"};
    free(s->prepared_by);
    s->prepared_by = th_strdup(names[next(&r) % 8]);
    gen_narrative(s, u, ward, seed);
}

static th_err write_xml_submission(const struct th_submission *s, const char *path)
{
    char *xml = th_submission_to_xml(s);
    th_err e = th_write_atomic(path, xml, strlen(xml));
    free(xml);
    return e;
}

int th_gen_submissions(const struct th_registry *reg, const struct th_period *p, const char *dir,
                       uint64_t seed, int xlsx_pct, int missing_pct)
{
    if (th_mkdirs(dir) != TH_OK) {
        th_error("cannot create '%s': %s", dir, strerror(errno));
        return TH_EXIT_SYSTEM;
    }
    size_t n, written = 0;
    const struct th_unit **units = th_expected_units(reg, p, &n);
    bool xlsx_ok = true;
    int rc = TH_EXIT_OK;
    for (size_t i = 0; i < n && rc == TH_EXIT_OK; i++) {
        const struct th_unit *u = units[i];
        uint64_t pick = mix(seed ^ hash_str(u->code) ^ 0x5eed);
        if ((int)(pick % 100) < missing_pct)
            continue;
        struct th_submission *s = th_submission_new(u->code);
        s->unit = th_strdup(u->code);
        s->year = p->year;
        snprintf(s->period, sizeof s->period, "%s", p->id);
        s->submitted = th_date_add_days(p->deadline, -(int)(pick % 25));
        s->header_ok = true;
        th_gen_values(s, u, seed);
        th_submission_keep_asked(s, p->def);
        bool as_xlsx = xlsx_ok && (int)((pick >> 8) % 100) < xlsx_pct;
        char *path = th_asprintf("%s/%s.%s", dir, u->code, as_xlsx ? "xlsx" : "xml");
        th_err e = TH_OK;
        if (as_xlsx) {
            e = th_form_write_filled(s, u, p, path);
            if (e == TH_ERR_CONFIG) {
                th_warn("XLSX forms are not available; writing XML instead");
                xlsx_ok = false;
                free(path);
                path = th_asprintf("%s/%s.xml", dir, u->code);
                e = write_xml_submission(s, path);
            }
        } else {
            e = write_xml_submission(s, path);
        }
        if (e != TH_OK) {
            th_error("cannot write '%s': %s", path, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
            rc = TH_EXIT_SYSTEM;
        } else {
            written++;
        }
        free(path);
        th_submission_free(s);
        th_progress("gen", i + 1, n);
    }
    free(units);
    th_info("wrote %zu submissions to %s", written, dir);
    return rc;
}

static th_err copy_file(const char *from, const char *to)
{
    char *data;
    size_t len;
    th_err e = th_read_file(from, 64u << 20, &data, &len);
    if (e != TH_OK)
        return e;
    e = th_write_atomic(to, data, len);
    free(data);
    return e;
}

/* reports: the unit's periods, NULL for its kind's. */
static void unit_elem(xmlTextWriterPtr w, const char *code, const char *name, const char *kind,
                      const char *parent, const char *from, const char *reports)
{
    xmlTextWriterStartElement(w, BAD_CAST "unit");
    xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST code);
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "kind", BAD_CAST kind);
    if (parent)
        xmlTextWriterWriteAttribute(w, BAD_CAST "parent", BAD_CAST parent);
    xmlTextWriterWriteAttribute(w, BAD_CAST "from", BAD_CAST from);
    if (reports)
        xmlTextWriterWriteAttribute(w, BAD_CAST "reports", BAD_CAST reports);
    xmlTextWriterEndElement(w);
}

static void kind_elem(xmlTextWriterPtr w, const char *code, const char *label, const char *group,
                      int level, const char *manages, const char *reports)
{
    xmlTextWriterStartElement(w, BAD_CAST "kind");
    xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST code);
    xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST label);
    xmlTextWriterWriteAttribute(w, BAD_CAST "group", BAD_CAST group);
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "level", "%d", level);
    xmlTextWriterWriteAttribute(w, BAD_CAST "manages", BAD_CAST manages);
    xmlTextWriterWriteAttribute(w, BAD_CAST "reports", BAD_CAST reports);
    xmlTextWriterEndElement(w);
}

/* The codes written so far of a synthetic registry's plan units and kinds. */
struct seen {
    char **v;
    size_t n, cap;
};

/* True the first time code is seen (and remembers it). */
static bool first_time(struct seen *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], code) == 0)
            return false;
    TH_GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = th_strdup(code);
    return true;
}

/* The kinds the plan's agencies name beyond the synthetic ones (declared,
 * with no unit), so that the copied plan.xml loads over the registry. */
static void plan_kinds(xmlTextWriterPtr w, const struct th_plan *plan, const char *manages, const char *periods)
{
    struct seen s = {0};
    const char *const known[] = {"tinh", "so_nganh", "huyen", "xa"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        first_time(&s, known[i]);
    for (size_t i = 0; i < plan->nagencies; i++)
        for (size_t k = 0; k < plan->agencies[i].nkinds; k++)
            if (first_time(&s, plan->agencies[i].kinds[k]))
                kind_elem(w, plan->agencies[i].kinds[k], plan->agencies[i].kinds[k], plan->agencies[i].kinds[k], 2,
                          manages, periods);
    th_strv_free(s.v, s.n);
}

/* The plan's own units under the root: the lead department of p (the
 * issuer of its report, expected to report as before), then the other
 * identities' issuers and the agencies' units (not required to report). */
static void plan_units(xmlTextWriterPtr w, const struct th_plan *plan, const struct th_period *p, const char *root,
                       const char *from)
{
    struct seen s = {0};
    const char *lead = th_report_identity(plan, p)->issuing_unit;
    first_time(&s, lead);
    unit_elem(w, lead, "Sở chủ trì", "so_nganh", root, from, NULL);
    for (size_t i = 0; i < plan->nidentities; i++)
        if (first_time(&s, plan->identities[i].issuing_unit))
            unit_elem(w, plan->identities[i].issuing_unit, "Sở chủ trì", "so_nganh", root, from, "");
    for (size_t i = 0; i < plan->nagencies; i++)
        for (size_t k = 0; k < plan->agencies[i].nunits; k++)
            if (first_time(&s, plan->agencies[i].units[k]))
                unit_elem(w, plan->agencies[i].units[k], plan->agencies[i].title, "so_nganh", root, from, "");
    th_strv_free(s.v, s.n);
}

int th_gen_synthetic(const struct th_workspace *ws, const struct th_period *p, const char *dir, size_t n,
                     uint64_t seed, int xlsx_pct, int missing_pct)
{
    if (th_mkdirs(dir) != TH_OK) {
        th_error("cannot create '%s': %s", dir, strerror(errno));
        return TH_EXIT_SYSTEM;
    }
    const char *all = "tro_giup_xa_hoi cai_nghien trai_giam tu_phap truong_hoc y_te khac";
    const char *local = "ubnd_xa truong_hoc y_te khac";
    const char *periods = "annual h1";
    char from[11];
    th_date_format(p->start < 20000101 ? p->start : 20000101, from);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "registry", BAD_CAST "urn:tonghop:registry:1");
    xmlTextWriterWriteAttribute(w, BAD_CAST "root", BAD_CAST ws->reg->root);
    kind_elem(w, "tinh", "Tỉnh", "Tỉnh", 1, all, "");
    kind_elem(w, "so_nganh", "Sở, ban, ngành", "Sở, ban, ngành", 2, all, periods);
    kind_elem(w, "huyen", "Huyện", "Huyện", 2, all, periods);
    kind_elem(w, "xa", "Xã", "Xã", 3, local, periods);
    plan_kinds(w, ws->plan, local, periods);
    unit_elem(w, ws->reg->root, "Tỉnh Tổng Hợp", "tinh", NULL, from, NULL);
    plan_units(w, ws->plan, p, ws->reg->root, from);
    size_t ndistricts = (n + 99) / 100;
    for (size_t d = 0; d < ndistricts; d++) {
        char code[32], name[64];
        snprintf(code, sizeof code, "D%04zu", d + 1);
        snprintf(name, sizeof name, "Huyện số %zu", d + 1);
        unit_elem(w, code, name, "huyen", ws->reg->root, from, NULL);
    }
    for (size_t c = 0; c < n; c++) {
        char code[32], name[64], parent[32];
        snprintf(code, sizeof code, "X%06zu", c + 1);
        snprintf(name, sizeof name, "Xã số %zu", c + 1);
        snprintf(parent, sizeof parent, "D%04zu", c / 100 + 1);
        unit_elem(w, code, name, "xa", parent, from, NULL);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    char *reg_path = th_path_join(dir, "registry.xml");
    th_err e = th_write_atomic(reg_path, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    char *plan_from = th_path_join(ws->dir, "plan.xml"), *plan_to = th_path_join(dir, "plan.xml");
    char *rules_from = th_path_join(ws->dir, "rules.xml"), *rules_to = th_path_join(dir, "rules.xml");
    if (e == TH_OK)
        e = copy_file(plan_from, plan_to);
    if (e == TH_OK)
        e = copy_file(rules_from, rules_to);
    int rc = TH_EXIT_OK;
    if (e != TH_OK) {
        th_error("cannot write workspace '%s': %s", dir, e == TH_ERR_IO ? strerror(errno) : th_strerror(e));
        rc = TH_EXIT_SYSTEM;
    } else {
        struct th_registry *reg = th_registry_load(reg_path);
        if (!reg) {
            rc = TH_EXIT_SYSTEM;
        } else {
            char *sub = th_asprintf("%s/submissions/%d-%s", dir, p->year, p->id);
            rc = th_gen_submissions(reg, p, sub, seed, xlsx_pct, missing_pct);
            free(sub);
            th_registry_free(reg);
        }
    }
    free(reg_path);
    free(plan_from);
    free(plan_to);
    free(rules_from);
    free(rules_to);
    return rc;
}
