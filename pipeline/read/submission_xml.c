/* submission_xml.c - reading a submission's XML into the model: parsed as
 * hostile input, checked against schemas/submission.xsd, every libxml2
 * problem turned into a Vietnamese diagnostic with its line. */
#include "submission_xml.h"

#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <libxml/xmlerror.h>

#include "text.h"
#include "xmlsafe.h"

/* How a submission date is written in XML (its S02 says so). */
#define XML_DATE_HINT "(dạng NNNN-TT-NN)"

/* Field index of an id, the header items included ("header.unit"), or -1. */
static int id_index(const char *id)
{
    static const char *const hdr[] = {"unit", "year", "period", "submitted"};
    if (id[0] != 'h' || strncmp(id, "header.", 7) != 0)
        return th_field_index(id); /* no field is in the header */
    for (int i = 0; i < 4; i++)
        if (strcmp(id + 7, hdr[i]) == 0)
            return TH_NFIELDS + i;
    return -1;
}

/* Field id of an element: its path below the root, each step the element's
 * code attribute when it has one, otherwise its name ("header" steps map to
 * the TH_HDR_* slots). Returns a field index, a TH_HDR_* value, or -1; the
 * id is written to buf either way. */
static int node_field(xmlNodePtr n, char *buf, size_t size)
{
    const char *steps[16];
    char *owned[16];
    int depth = 0;
    for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE && p->parent &&
                           p->parent->type == XML_ELEMENT_NODE && depth < 16;
         p = p->parent) {
        xmlChar *code = xmlGetProp(p, (const xmlChar *)"code");
        owned[depth] = code ? th_strdup((const char *)code) : NULL;
        xmlFree(code);
        steps[depth] = owned[depth] ? owned[depth] : (const char *)p->name;
        depth++;
    }
    buf[0] = '\0';
    size_t used = 0;
    for (int i = depth - 1; i >= 0; i--) {
        int w = snprintf(buf + used, size - used, "%s%s", used ? "." : "", steps[i]);
        if (w > 0 && (size_t)w < size - used)
            used += (size_t)w;
    }
    for (int i = 0; i < depth; i++)
        free(owned[i]);
    return id_index(buf);
}

static const char *local_name_of(const char *qname)
{
    const char *close = strrchr(qname, '}');
    return close ? close + 1 : qname;
}

/* Value quoted in a libxml2 validity message: "...: 'abc' is not...",
 * "The value 'abc' ...", "Duplicate key-sequence ['abc'] ...". */
static char *quoted_value(const char *msg)
{
    const char *p = strstr(msg, "['");
    if (!p)
        p = strstr(msg, ": '");
    if (!p)
        p = strstr(msg, "value '");
    if (!p)
        return NULL;
    p = strchr(p, '\'') + 1;
    const char *end = strchr(p, '\'');
    return end ? th_strndup(p, (size_t)(end - p)) : NULL;
}

/* The name quoted after key in a message: key "attribute '" -> "note". */
static char *quoted_after(const char *msg, const char *key)
{
    const char *p = strstr(msg, key);
    if (!p)
        return NULL;
    p += strlen(key);
    const char *end = strchr(p, '\'');
    return end ? th_strndup(p, (size_t)(end - p)) : NULL;
}

/* "( {ns}paid )" -> "paid" */
static char *expected_name(const char *msg)
{
    const char *p = strstr(msg, "Expected is");
    if (!p)
        return NULL;
    p = strchr(p, '(');
    if (!p)
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    const char *end = p + strcspn(p, " ,)");
    char *q = th_strndup(p, (size_t)(end - p));
    char *ln = th_strdup(local_name_of(q));
    free(q);
    return ln;
}

static const char *section_title(const char *id)
{
    for (size_t i = 0; i < th_nsections; i++)
        if (strcmp(th_sections[i].id, id) == 0)
            return th_sections[i].title;
    if (strcmp(id, "header") == 0)
        return "Thông tin chung";
    return NULL;
}

static void field_label(int f, char *out, size_t n)
{
    if (f >= 0 && f < TH_NFIELDS) {
        th_field_label(f, out, n);
    } else {
        static const char *const hdr[] = {"mã đơn vị", "năm báo cáo", "kỳ báo cáo", "ngày báo cáo"};
        snprintf(out, n, "%s", f >= TH_NFIELDS && f < TH_NLOCS ? hdr[f - TH_NFIELDS] : "mục");
    }
}

/* Vietnamese name of any element id: a field's label, a section's title,
 * or the element itself ("<kind>"). */
static void id_label(const char *id, char *out, size_t n)
{
    int f = id_index(id);
    const char *title = section_title(id);
    const char *last = strrchr(id, '.');
    if (f >= 0)
        field_label(f, out, n);
    else if (title)
        snprintf(out, n, "mục \"%s\"", title);
    else
        snprintf(out, n, "<%s>", last ? last + 1 : id);
}

/* True when id names something a submission may hold: a field, a header
 * item, a section or a coded group ("bodies.y_te"). */
static bool known_id(const char *id)
{
    if (id_index(id) >= 0 || section_title(id))
        return true;
    size_t n = strlen(id);
    for (size_t i = 0; i < th_nfields; i++)
        if (strncmp(th_fields[i].id, id, n) == 0 && th_fields[i].id[n] == '.')
            return true;
    return false;
}

/* A later sibling of n named name, or NULL. */
static xmlNodePtr later_sibling(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->next : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* S01 for a missing element child of the element whose id is parent. */
static void missing_diag(struct th_submission *s, const char *parent, const char *child, int line)
{
    char cid[300], label[512], plabel[512];
    snprintf(cid, sizeof cid, "%s%s%s", parent, parent[0] ? "." : "", child);
    int cf = id_index(cid);
    if (cf >= 0) {
        field_label(cf, label, sizeof label);
        s->locs[cf].line = line;
        th_submission_diag(s, TH_SEV_ERROR, "S01", cf, "thiếu số liệu: %s", label);
        return;
    }
    id_label(cid, label, sizeof label);
    if (parent[0]) {
        id_label(parent, plabel, sizeof plabel);
        th_submission_diag(s, TH_SEV_ERROR, "S01", -1, "thiếu %s trong %s", label, plabel);
    } else {
        th_submission_diag(s, TH_SEV_ERROR, "S01", -1, "thiếu %s", label);
    }
    s->diags[s->ndiags - 1].loc.line = line;
}

/* Turn one libxml2 schema error into a Vietnamese diagnostic on its field. */
static void schema_diag_one(struct th_submission *s, const struct th_xml_issue *is)
{
    char id[256] = "", label[512];
    int f = -1;
    xmlNodePtr node = is->node;
    if (node)
        f = node_field(node, id, sizeof id);
    const char *m = is->message;
    const char *elem = node ? (const char *)node->name : "?";
    int saved_line = 0;
    if (f >= 0 && f < TH_NLOCS) {
        saved_line = s->locs[f].line;
        if (!s->locs[f].line && !s->locs[f].ref[0])
            s->locs[f].line = is->line;
    }
    field_label(f, label, sizeof label);
    char *val = quoted_value(m);
    if (val && strlen(val) > TH_EXCERPT_SIZE) {
        char q[TH_EXCERPT_SIZE];
        th_excerpt(val, TH_EXCERPT_CHARS, q, sizeof q);
        free(val);
        val = th_strdup(q);
    }
    char q[TH_QUOTE_SIZE]; /* val quoted, for the messages below */
    th_quote(val, q, sizeof q);
    int whole = -1; /* set when the diagnostic is about no single field: its line */

    if (strstr(m, "No matching global declaration")) {
        th_submission_diag(s, TH_SEV_ERROR, "S06", -1,
                           "không phải biểu báo cáo tonghop: phần tử gốc phải là <submission> "
                           "trong không gian tên " TH_SUBMISSION_NS);
    } else if (strstr(m, "Missing child element")) {
        char *exp = expected_name(m);
        missing_diag(s, id, exp ? exp : "?", is->line);
        free(exp);
    } else if (strstr(m, "This element is not expected")) {
        char *exp = expected_name(m);
        char parent[256] = "", got[300];
        if (node && node->parent && node->parent->type == XML_ELEMENT_NODE)
            node_field(node->parent, parent, sizeof parent);
        snprintf(got, sizeof got, "%s%s%s", parent, parent[0] ? "." : "", elem);
        if (exp && known_id(got) && !later_sibling(node, exp)) {
            /* a known element where another was due: the due one is missing */
            missing_diag(s, parent, exp, is->line);
        } else if (exp && known_id(got)) {
            th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "mục <%s> không đúng thứ tự: <%s> phải đứng trước",
                               elem, exp);
            whole = is->line;
        } else {
            th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "mục <%s> không có trong biểu mẫu, không được phép ở đây",
                               elem);
            whole = is->line;
        }
        free(exp);
    } else if (strstr(m, "Duplicate key-sequence")) {
        th_submission_diag(s, TH_SEV_ERROR, "S07", -1, "loại %s được khai báo hai lần", val ? q : "?");
        whole = is->line;
    } else if (strstr(m, "is required but missing")) {
        char *attr = quoted_after(m, "The attribute '");
        th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "mục <%s> thiếu thuộc tính %s (mã loại)", elem,
                           attr ? attr : "code");
        free(attr);
        whole = is->line;
    } else if (strstr(m, "is not allowed") && strstr(m, "The attribute '")) {
        char *attr = quoted_after(m, "The attribute '");
        char qa[TH_QUOTE_SIZE];
        th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "thuộc tính %s không được phép trong mục <%s>",
                           attr ? th_quote(attr, qa, sizeof qa) : "?", elem);
        free(attr);
        whole = is->line;
    } else if (strstr(m, "attribute 'code'")) {
        th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "mã loại %s không có trong danh mục", val ? q : "?");
        whole = is->line;
    } else if (strstr(m, "Element content is not allowed")) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "%s: chỉ được ghi một giá trị, không được chứa mục con",
                           f >= 0 ? label : elem);
        if (f < 0)
            whole = is->line;
    } else if (strstr(m, "Character content other than whitespace")) {
        char what[512];
        id_label(id, what, sizeof what);
        th_submission_diag(s, TH_SEV_ERROR, "S05", -1, "%s chỉ chứa các mục con, không được ghi chữ trực tiếp", what);
        whole = is->line;
    } else if (f == TH_HDR_SUBMITTED) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "ngày báo cáo %s không hợp lệ %s", q, XML_DATE_HINT);
    } else if (f == TH_HDR_PERIOD) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "kỳ báo cáo %s không hợp lệ (mã kỳ báo cáo của kế hoạch, ví dụ annual, h1)", q);
    } else if (f == TH_HDR_UNIT) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "mã đơn vị %s không hợp lệ", q);
    } else if (f == TH_HDR_YEAR) {
        th_submission_diag(s, TH_SEV_ERROR, "S02", f, "năm báo cáo %s không hợp lệ", q);
    } else if (f >= 0 && f < TH_NNUMERIC && val &&
               th_num_parse(val, th_field_max(f), 0, &(int64_t){0}) != TH_NUM_OK) {
        /* the reader said so already (deduplicated below) unless the value
         * came another way: the same rule and words */
        th_submission_num_diag(s, f, label, val, th_num_parse(val, th_field_max(f), 0, &(int64_t){0}));
    } else if (f >= TH_NNUMERIC && f < TH_NFIELDS) {
        th_submission_diag(s, TH_SEV_ERROR, "S09", f, "%s: quá dài (tối đa 4.000 ký tự)", label);
    } else if (strstr(m, "maxLength") || strstr(m, "length")) {
        th_submission_diag(s, TH_SEV_ERROR, "S09", -1, "mục <%s> quá dài (tối đa 200 ký tự)", elem);
        whole = is->line;
    } else {
        char what[512];
        id_label(id, what, sizeof what);
        th_submission_diag(s, TH_SEV_ERROR, "S09", f, "%s không đúng cấu trúc biểu mẫu (submission.xsd)", what);
        if (f < 0)
            whole = is->line;
    }
    if (whole >= 0)
        s->diags[s->ndiags - 1].loc.line = whole;
    if (f >= 0 && f < TH_NLOCS && saved_line)
        s->locs[f].line = saved_line;
    free(val);
}

/* libxml2 often reports one fault twice (a facet, then the type): keep the
 * first schema diagnostic per line and field. */
static void schema_diag(struct th_submission *s, const struct th_xml_issue *is)
{
    size_t before = s->ndiags;
    schema_diag_one(s, is);
    if (s->ndiags == before)
        return;
    const struct th_diag *d = &s->diags[s->ndiags - 1];
    for (size_t i = 0; i < before; i++) {
        const struct th_diag *o = &s->diags[i];
        if (o->code[0] == 'S' && o->loc.line == d->loc.line && o->field == d->field) {
            th_submission_drop_diag(s, s->ndiags - 1);
            return;
        }
    }
}

/* The schema bounds the length (S09); what is left is cleaned as in XLSX. */
static void check_text(struct th_submission *s, int f, char **slot, const char *raw)
{
    char label[512];
    if (f >= 0)
        snprintf(label, sizeof label, "%s", th_fields[f].label);
    else
        snprintf(label, sizeof label, "người lập biểu");
    char *n = th_submission_text(s, f, raw, SIZE_MAX, label);
    if (n) {
        free(*slot);
        *slot = n;
    }
}

/* An upward submission's <source>: what its attributes say, as given (the
 * schema check judges their form; --verify-archive their truth). */
static void read_source(struct th_submission *s, xmlNodePtr n)
{
    th_origin_free(s->src);
    s->src = th_calloc(1, sizeof *s->src);
    s->src->line = (int)xmlGetLineNo(n);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool cons = strcmp((const char *)c->name, "consolidation") == 0;
        if (!cons && strcmp((const char *)c->name, "report") != 0)
            continue;
        xmlChar *sha = xmlGetProp(c, BAD_CAST "sha256");
        if (sha && strlen((const char *)sha) == 64)
            memcpy(cons ? s->src->cons_sha256 : s->src->report_sha256, sha, 65);
        xmlFree(sha);
        xmlChar *v = xmlGetProp(c, BAD_CAST(cons ? "plan" : "name"));
        char **slot = cons ? &s->src->plan : &s->src->report_name;
        if (v) {
            free(*slot);
            *slot = th_strdup((const char *)v);
        }
        xmlFree(v);
        if (!cons && (v = xmlGetProp(c, BAD_CAST "version"))) {
            char *end;
            long k = strtol((const char *)v, &end, 10);
            s->src->report_version = !*end && k > 0 && k < 1000000 ? (int)k : 0;
            xmlFree(v);
        }
    }
}

/* The value of n's attribute code (in no namespace) as xmlGetProp gives
 * it, without a copy when it is one text node (*owned NULL; else what to
 * xmlFree); NULL when absent. */
static const char *code_attr(xmlNodePtr n, xmlChar **owned)
{
    *owned = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (a->ns || strcmp((const char *)a->name, "code") != 0)
            continue;
        xmlNodePtr t = a->children;
        if (t && !t->next && t->type == XML_TEXT_NODE)
            return (const char *)t->content;
        *owned = xmlGetProp(n, (const xmlChar *)"code");
        return (const char *)*owned;
    }
    return NULL;
}

/* The text of a leaf element as stored (white space around it kept), when
 * it is one text node; NULL otherwise (th_xml_text then). */
static const char *leaf_text(xmlNodePtr n)
{
    xmlNodePtr t = n->children;
    return t && !t->next && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : NULL;
}

/* Read values from the tree, wherever the structure allows it. */
/* Values of the elements below n, whose field id is prefix (np bytes: the
 * id of n as node_field gives it, "" for the root): one walk, each id built
 * once. *hint is the field expected next (elements come in catalogue
 * order). */
static void extract(struct th_submission *s, xmlNodePtr n, const char *prefix, size_t np, int *hint)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char id[256];
        xmlChar *code;
        const char *step = code_attr(c, &code);
        if (!step)
            step = (const char *)c->name;
        size_t ns = strlen(step), nid = np + (np > 0) + ns;
        if (nid >= sizeof id) { /* no field id is that long */
            xmlFree(code);
            continue;
        }
        memcpy(id, prefix, np);
        if (np)
            id[np] = '.';
        memcpy(id + nid - ns, step, ns + 1);
        if (code) /* almost never: free(NULL) through libxml2's pointer, per element, was 0.6 % */
            xmlFree(code);
        int f = *hint < TH_NFIELDS && strcmp(th_fields[*hint].id, id) == 0 ? *hint : id_index(id);
        if (f >= 0 && f < TH_NFIELDS)
            *hint = f + 1;
        if (f < 0) {
            if (!*prefix && strcmp((const char *)c->name, "source") == 0) {
                read_source(s, c);
            } else if (strcmp((const char *)c->name, "preparedBy") == 0) {
                char *t = th_xml_text(c);
                check_text(s, -1, &s->prepared_by, t);
                free(t);
            } else {
                extract(s, c, id, nid, hint);
            }
            continue;
        }
        s->locs[f].line = (int)xmlGetLineNo(c);
        if (th_xml_child(c, NULL))
            continue; /* not a value: the schema check says so */
        if (f < TH_NNUMERIC) {
            /* th_num_parse skips the white space th_xml_text trims: the
             * stored text is read without a copy */
            const char *raw = leaf_text(c);
            char *t = raw ? NULL : th_xml_text(c);
            int64_t v = 0;
            enum th_num r = th_num_parse(raw ? raw : t, th_field_max(f), 0, &v);
            if (r == TH_NUM_OK) {
                s->val.v[f] = v;
                s->val.present[f] = 1;
            } else {
                /* said here, not left to the schema: one rule for XML and
                 * XLSX, and nothing the schema lets through is dropped */
                char label[512];
                field_label(f, label, sizeof label);
                if (!t)
                    t = th_xml_text(c);
                th_submission_num_diag(s, f, label, t, r);
            }
            if (t)
                free(t);
            continue;
        }
        char *t = th_xml_text(c);
        if (f < TH_NFIELDS) {
            if (*t)
                check_text(s, f, &s->text[f - TH_NNUMERIC], t);
        } else if (f == TH_HDR_UNIT) {
            free(s->unit);
            s->unit = th_strdup(t);
        } else if (f == TH_HDR_YEAR) {
            char *end;
            long y = strtol(t, &end, 10);
            s->year = !*end && y >= 2000 && y <= 2100 ? (int)y : 0;
        } else if (f == TH_HDR_PERIOD) {
            snprintf(s->period, sizeof s->period, "%s", th_period_id_valid(t) ? t : "");
        } else if (f == TH_HDR_SUBMITTED) {
            /* xs:date takes years 0001, 9999, 10000 and negative ones:
             * bounded here, or the file would pass with no date at all */
            th_submission_set_date_iso(s, t, XML_DATE_HINT);
        }
        free(t);
    }
}

static void file_error(struct th_submission *s, th_err why, const struct th_xml_issues *is)
{
    int line = is->n ? is->v[0].line : 0;
    const char *m = is->n ? is->v[0].message : "";
    switch (why) {
    case TH_ERR_HOSTILE:
        if (strcmp(m, "depth") == 0)
            th_submission_diag(s, TH_SEV_ERROR, "F07", -1, "XML lồng quá sâu (quá %d cấp): không xử lý",
                               TH_MAX_XML_DEPTH);
        else if (strstr(m, "too many attributes")) {
            char num[32];
            bool one = strstr(m, "one element") != NULL;
            th_fmt_int(one ? TH_XML_MAX_ATTRS_ELEMENT : TH_XML_MAX_ATTRS_FILE, num);
            th_submission_diag(s, TH_SEV_ERROR, "F12", -1, "%s có quá %s thuộc tính: không xử lý",
                               one ? "một thẻ" : "tệp", num);
        } else if (strcmp(m, "XInclude") == 0)
            th_submission_diag(s, TH_SEV_ERROR, "F06", -1,
                               "tệp dùng XInclude để chèn tệp khác: không được phép");
        else
            th_submission_diag(s, TH_SEV_ERROR, "F05", -1,
                               "tệp có khai báo DOCTYPE/thực thể (DTD): không được phép vì lý do an toàn");
        break;
    case TH_ERR_ENCODING:
        th_submission_diag(s, TH_SEV_ERROR, "F04", -1, "tệp không phải văn bản UTF-8 hợp lệ");
        break;
    case TH_ERR_TOO_BIG:
        th_submission_diag(s, TH_SEV_ERROR, "F08", -1, "tệp quá lớn (tối đa %u MB)", TH_MAX_XML_BYTES >> 20);
        break;
    default:
        if (strcmp(m, "empty file") == 0)
            th_submission_diag(s, TH_SEV_ERROR, "F02", -1, "tệp rỗng");
        else if (is->n) {
            const struct th_xml_issue *it = &is->v[0];
            char *why_vi = th_xml_reason_vi(it->code, it->str1, it->str2, it->int1);
            th_submission_diag(s, TH_SEV_ERROR, "F03", -1, "không phải XML hợp lệ: %s", why_vi);
            free(why_vi);
        } else
            th_submission_diag(s, TH_SEV_ERROR, "F03", -1, "không phải XML hợp lệ");
        break;
    }
    s->diags[s->ndiags - 1].loc.line = line;
}

/* Something was said about field f already. */
static bool has_diag(const struct th_submission *s, int f)
{
    for (size_t i = 0; i < s->ndiags; i++)
        if (s->diags[i].field == f)
            return true;
    return false;
}

/* The line of the deepest element of the path of field id that n holds:
 * the element the missing one would sit in ("people" for people.helped). */
static int nearest_line(xmlNodePtr n, const char *id)
{
    int line = (int)xmlGetLineNo(n);
    for (const char *p = id; n && *p;) {
        size_t k = strcspn(p, ".");
        xmlNodePtr c = n->children;
        for (; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            xmlChar *code;
            const char *step = code_attr(c, &code);
            bool hit = strlen(step ? step : (const char *)c->name) == k &&
                       strncmp(step ? step : (const char *)c->name, p, k) == 0;
            xmlFree(code);
            if (hit)
                break;
        }
        if (!c)
            break;
        n = c;
        line = (int)xmlGetLineNo(n);
        p += k + (p[k] == '.');
    }
    return line;
}

/* A period that asks part of the fields (plan.xml <fields>): its file holds
 * those only, so the schema with every element optional judged the form of
 * what is there; here, S01 for each header item and each numeric field the
 * period asks that is absent and not already refused, on the line of the
 * element it belongs in. */
static void asked_present(struct th_submission *s, xmlNodePtr root, const struct th_period_def *def)
{
    static const char *const hdr[] = {"unit", "year", "period", "submitted"};
    for (int i = 0; i < 4; i++)
        if (!s->locs[TH_NFIELDS + i].line && !has_diag(s, TH_NFIELDS + i))
            missing_diag(s, "header", hdr[i], nearest_line(root, "header"));
    for (int f = 0; f < TH_NNUMERIC; f++)
        if (!s->locs[f].line && !has_diag(s, f) && th_period_asks(def, th_fields[f].id))
            missing_diag(s, "", th_fields[f].id, nearest_line(root, th_fields[f].id));
}

void th_submission_from_xml(struct th_submission *s, const char *data, size_t len, const struct th_plan *plan)
{
    struct th_xml_issues is = {0};
    th_err why = TH_OK;
    s->source = TH_SRC_XML;
    xmlDocPtr doc = th_xml_parse(data, len, s->path, &is, &why);
    if (!doc) {
        file_error(s, why, &is);
        th_xml_issues_release(&is);
        return;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    bool ours = root->ns && strcmp((const char *)root->ns->href, TH_SUBMISSION_NS) == 0 &&
                strcmp((const char *)root->name, "submission") == 0;
    int hint = 0;
    if (ours)
        extract(s, root, "", 0, &hint);
    const struct th_period_def *def = ours && plan && s->period[0] ? th_plan_period_def(plan, s->period) : NULL;
    bool part = def && def->nfields;
    th_err v = th_xml_validate(th_schema(part ? "submission.xsd" TH_SCHEMA_OPTIONAL : "submission.xsd"), doc, &is);
    if (v == TH_ERR_CONFIG)
        th_submission_diag(s, TH_SEV_ERROR, "F10", -1, "không nạp được lược đồ submission.xsd");
    for (size_t i = 0; i < is.n; i++)
        schema_diag(s, &is.v[i]);
    if (part && v != TH_ERR_CONFIG)
        asked_present(s, root, def);
    s->header_ok = ours && s->unit && s->year && s->locs[TH_HDR_PERIOD].line;
    th_xml_issues_release(&is);
    xmlFreeDoc(doc);
}
