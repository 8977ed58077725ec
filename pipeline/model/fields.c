/* fields.c - the field catalogue; keep in step with schemas/submission.xsd
 * (tests/unit/test_fields.c checks both agree). */
#include "fields.h"

#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(TH_NNUMERIC <= TH_NFIELDS, "numeric fields come first");

const struct th_field th_fields[] = {
    {"bodies.tro_giup_xa_hoi.total", "bodies", "Tổng số cơ quan, đơn vị", "Cơ sở trợ giúp xã hội", "cơ quan", TH_FT_COUNT, false},
    {"bodies.tro_giup_xa_hoi.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Cơ sở trợ giúp xã hội", "cơ quan", TH_FT_COUNT, false},
    {"bodies.tro_giup_xa_hoi.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Cơ sở trợ giúp xã hội", "cơ quan", TH_FT_COUNT, false},
    {"bodies.cai_nghien.total", "bodies", "Tổng số cơ quan, đơn vị", "Cơ sở cai nghiện ma túy", "cơ quan", TH_FT_COUNT, false},
    {"bodies.cai_nghien.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Cơ sở cai nghiện ma túy", "cơ quan", TH_FT_COUNT, false},
    {"bodies.cai_nghien.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Cơ sở cai nghiện ma túy", "cơ quan", TH_FT_COUNT, false},
    {"bodies.trai_giam.total", "bodies", "Tổng số cơ quan, đơn vị", "Trại giam, trường giáo dưỡng", "cơ quan", TH_FT_COUNT, false},
    {"bodies.trai_giam.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Trại giam, trường giáo dưỡng", "cơ quan", TH_FT_COUNT, false},
    {"bodies.trai_giam.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Trại giam, trường giáo dưỡng", "cơ quan", TH_FT_COUNT, false},
    {"bodies.tu_phap.total", "bodies", "Tổng số cơ quan, đơn vị", "Cơ quan tư pháp", "cơ quan", TH_FT_COUNT, false},
    {"bodies.tu_phap.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Cơ quan tư pháp", "cơ quan", TH_FT_COUNT, false},
    {"bodies.tu_phap.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Cơ quan tư pháp", "cơ quan", TH_FT_COUNT, false},
    {"bodies.truong_hoc.total", "bodies", "Tổng số cơ quan, đơn vị", "Trường học", "cơ quan", TH_FT_COUNT, false},
    {"bodies.truong_hoc.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Trường học", "cơ quan", TH_FT_COUNT, false},
    {"bodies.truong_hoc.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Trường học", "cơ quan", TH_FT_COUNT, false},
    {"bodies.y_te.total", "bodies", "Tổng số cơ quan, đơn vị", "Bệnh viện, cơ sở y tế", "cơ quan", TH_FT_COUNT, false},
    {"bodies.y_te.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Bệnh viện, cơ sở y tế", "cơ quan", TH_FT_COUNT, false},
    {"bodies.y_te.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Bệnh viện, cơ sở y tế", "cơ quan", TH_FT_COUNT, false},
    {"bodies.ubnd_xa.total", "bodies", "Tổng số cơ quan, đơn vị", "UBND xã, phường", "cơ quan", TH_FT_COUNT, false},
    {"bodies.ubnd_xa.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "UBND xã, phường", "cơ quan", TH_FT_COUNT, false},
    {"bodies.ubnd_xa.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "UBND xã, phường", "cơ quan", TH_FT_COUNT, false},
    {"bodies.khac.total", "bodies", "Tổng số cơ quan, đơn vị", "Cơ quan, tổ chức khác", "cơ quan", TH_FT_COUNT, false},
    {"bodies.khac.staffed", "bodies", "Có phân công, bố trí nhân sự làm công tác xã hội", "Cơ quan, tổ chức khác", "cơ quan", TH_FT_COUNT, false},
    {"bodies.khac.paid", "bodies", "Có người làm công tác xã hội hưởng phụ cấp từ mức lương cơ sở trở lên", "Cơ quan, tổ chức khác", "cơ quan", TH_FT_COUNT, false},
    {"workforce.chuyen_trach.staff", "workforce", "Số người làm công tác xã hội", "Chuyên trách", "người", TH_FT_COUNT, false},
    {"workforce.chuyen_trach.trained", "workforce", "Được đào tạo, bồi dưỡng trong kỳ", "Chuyên trách", "người", TH_FT_COUNT, false},
    {"workforce.khong_chuyen_trach.staff", "workforce", "Số người làm công tác xã hội", "Không chuyên trách", "người", TH_FT_COUNT, false},
    {"workforce.khong_chuyen_trach.trained", "workforce", "Được đào tạo, bồi dưỡng trong kỳ", "Không chuyên trách", "người", TH_FT_COUNT, false},
    {"workforce.cong_tac_vien.staff", "workforce", "Số người làm công tác xã hội", "Cộng tác viên", "người", TH_FT_COUNT, false},
    {"workforce.cong_tac_vien.trained", "workforce", "Được đào tạo, bồi dưỡng trong kỳ", "Cộng tác viên", "người", TH_FT_COUNT, false},
    {"training.trung_cap", "training", "Trung cấp", NULL, "người", TH_FT_COUNT, false},
    {"training.cao_dang", "training", "Cao đẳng", NULL, "người", TH_FT_COUNT, false},
    {"training.dai_hoc", "training", "Đại học", NULL, "người", TH_FT_COUNT, false},
    {"training.sau_dai_hoc", "training", "Sau đại học", NULL, "người", TH_FT_COUNT, false},
    {"training.ngan_han", "training", "Tập huấn ngắn hạn", NULL, "người", TH_FT_COUNT, false},
    {"certificates.issued", "certificates", "Cấp mới", "Giấy chứng nhận đăng ký hành nghề công tác xã hội", "giấy", TH_FT_COUNT, false},
    {"certificates.reissued", "certificates", "Cấp lại", "Giấy chứng nhận đăng ký hành nghề công tác xã hội", "giấy", TH_FT_COUNT, false},
    {"certificates.revoked", "certificates", "Thu hồi", "Giấy chứng nhận đăng ký hành nghề công tác xã hội", "giấy", TH_FT_COUNT, false},
    {"services.tro_giup_xa_hoi.total", "services", "Tổng số cơ sở", "Cơ sở trợ giúp xã hội", "cơ sở", TH_FT_COUNT, false},
    {"services.tro_giup_xa_hoi.providing", "services", "Có cung cấp dịch vụ công tác xã hội", "Cơ sở trợ giúp xã hội", "cơ sở", TH_FT_COUNT, false},
    {"services.y_te.total", "services", "Tổng số cơ sở", "Cơ sở y tế", "cơ sở", TH_FT_COUNT, false},
    {"services.y_te.providing", "services", "Có cung cấp dịch vụ công tác xã hội", "Cơ sở y tế", "cơ sở", TH_FT_COUNT, false},
    {"services.giao_duc.total", "services", "Tổng số cơ sở", "Cơ sở giáo dục", "cơ sở", TH_FT_COUNT, false},
    {"services.giao_duc.providing", "services", "Có cung cấp dịch vụ công tác xã hội", "Cơ sở giáo dục", "cơ sở", TH_FT_COUNT, false},
    {"services.khac.total", "services", "Tổng số cơ sở", "Cơ sở khác", "cơ sở", TH_FT_COUNT, false},
    {"services.khac.providing", "services", "Có cung cấp dịch vụ công tác xã hội", "Cơ sở khác", "cơ sở", TH_FT_COUNT, false},
    {"people.needing", "people", "Có nhu cầu tư vấn, hỗ trợ", NULL, "người", TH_FT_COUNT, false},
    {"people.helped", "people", "Được tư vấn, hỗ trợ", NULL, "người", TH_FT_COUNT, false},
    {"people.case_managed", "people", "Được quản lý ca", NULL, "người", TH_FT_COUNT, false},
    {"children.mo_coi.total", "children", "Tổng số trẻ em", "Mồ côi không nơi nương tựa", "trẻ em", TH_FT_COUNT, false},
    {"children.mo_coi.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Mồ côi không nơi nương tựa", "trẻ em", TH_FT_COUNT, false},
    {"children.bi_bo_roi.total", "children", "Tổng số trẻ em", "Bị bỏ rơi", "trẻ em", TH_FT_COUNT, false},
    {"children.bi_bo_roi.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Bị bỏ rơi", "trẻ em", TH_FT_COUNT, false},
    {"children.hiv.total", "children", "Tổng số trẻ em", "Nhiễm HIV/AIDS", "trẻ em", TH_FT_COUNT, false},
    {"children.hiv.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Nhiễm HIV/AIDS", "trẻ em", TH_FT_COUNT, false},
    {"children.chat_doc.total", "children", "Tổng số trẻ em", "Nạn nhân chất độc hóa học", "trẻ em", TH_FT_COUNT, false},
    {"children.chat_doc.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Nạn nhân chất độc hóa học", "trẻ em", TH_FT_COUNT, false},
    {"children.khuyet_tat.total", "children", "Tổng số trẻ em", "Khuyết tật nặng", "trẻ em", TH_FT_COUNT, false},
    {"children.khuyet_tat.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Khuyết tật nặng", "trẻ em", TH_FT_COUNT, false},
    {"children.thien_tai.total", "children", "Tổng số trẻ em", "Bị ảnh hưởng bởi thiên tai, dịch bệnh", "trẻ em", TH_FT_COUNT, false},
    {"children.thien_tai.supported", "children", "Được trợ giúp, cung cấp dịch vụ", "Bị ảnh hưởng bởi thiên tai, dịch bệnh", "trẻ em", TH_FT_COUNT, false},
    {"activities.courses", "activities", "Lớp đào tạo, tập huấn", NULL, "lớp", TH_FT_COUNT, false},
    {"activities.participants", "activities", "Lượt người tham gia đào tạo, tập huấn", NULL, "lượt người", TH_FT_COUNT, false},
    {"activities.communication", "activities", "Hoạt động truyền thông", NULL, "hoạt động", TH_FT_COUNT, false},
    {"activities.contests", "activities", "Hội thi", NULL, "hội thi", TH_FT_COUNT, false},
    {"activities.models_built", "activities", "Mô hình được xây dựng", NULL, "mô hình", TH_FT_COUNT, false},
    {"activities.models_replicated", "activities", "Mô hình được nhân rộng", NULL, "mô hình", TH_FT_COUNT, false},
    {"activities.social_work_day", "activities", "Hoạt động hưởng ứng Ngày Công tác xã hội Việt Nam (25/3)", NULL, "hoạt động", TH_FT_COUNT, false},
    {"funding.state_budget", "funding", "Ngân sách nhà nước", NULL, "đồng", TH_FT_MONEY, false},
    {"funding.mobilised", "funding", "Nguồn xã hội hóa", NULL, "đồng", TH_FT_MONEY, false},
    {"narrative.results", "narrative", "Kết quả đạt được", NULL, "", TH_FT_TEXT, true},
    {"narrative.difficulties", "narrative", "Khó khăn, vướng mắc", NULL, "", TH_FT_TEXT, true},
    {"narrative.proposals", "narrative", "Kiến nghị, đề xuất", NULL, "", TH_FT_TEXT, true},
};

const size_t th_nfields = sizeof th_fields / sizeof th_fields[0];
_Static_assert(sizeof th_fields / sizeof th_fields[0] == TH_NFIELDS, "one entry per field");
_Static_assert(sizeof th_fields / sizeof th_fields[0] == TH_NFIELDS, "TH_NFIELDS");
const size_t th_nnumeric = 70;

const struct th_section th_sections[] = {
    {"bodies", "Cơ quan, đơn vị bố trí nhân sự làm công tác xã hội"},
    {"workforce", "Đội ngũ làm công tác xã hội"},
    {"training", "Đào tạo, bồi dưỡng theo trình độ"},
    {"certificates", "Giấy chứng nhận đăng ký hành nghề công tác xã hội"},
    {"services", "Cơ sở cung cấp dịch vụ công tác xã hội"},
    {"people", "Người có hoàn cảnh khó khăn"},
    {"children", "Trẻ em có hoàn cảnh đặc biệt"},
    {"activities", "Hoạt động"},
    {"funding", "Kinh phí"},
    {"narrative", "Đánh giá chung"},
};
const size_t th_nsections = sizeof th_sections / sizeof th_sections[0];

/* Field indices by a hash of their ids, built once: every element of
 * every submission is looked up, and most elements that are no field
 * (a section, a group, a header item) meet an empty slot with no string
 * compared (a binary search compared seven). */
#define BY_ID_SLOTS 256 /* a power of two, over three times TH_NFIELDS */
_Static_assert(TH_NFIELDS * 3 < BY_ID_SLOTS && TH_NFIELDS <= 127, "BY_ID_SLOTS");
static signed char by_id[BY_ID_SLOTS];
static pthread_once_t by_id_once = PTHREAD_ONCE_INIT;

/* A hash of id, eight bytes at a time (a byte at a time, each step waited
 * for the multiply before: 1 % of validating a year's XML files). */
static unsigned id_hash(const char *id)
{
    const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
    size_t n = strlen(id), i = 0;
    uint64_t h = n, w;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, id + i, 8);
        h = (h ^ w) * k;
    }
    if (i < n) {
        if (n >= 8) {
            memcpy(&w, id + n - 8, 8); /* the last eight, overlapping */
        } else {
            w = 0;
            for (size_t j = 0; j < n; j++)
                w |= (uint64_t)(unsigned char)id[j] << (8 * j);
        }
        h = (h ^ w) * k;
    }
    return (unsigned)(h >> 56) & (BY_ID_SLOTS - 1);
}

static void hash_by_id(void)
{
    memset(by_id, -1, sizeof by_id);
    for (int i = 0; i < TH_NFIELDS; i++) {
        unsigned k = id_hash(th_fields[i].id);
        while (by_id[k] >= 0)
            k = (k + 1) & (BY_ID_SLOTS - 1);
        by_id[k] = (signed char)i;
    }
}

int th_field_index(const char *id)
{
    pthread_once(&by_id_once, hash_by_id);
    for (unsigned k = id_hash(id); by_id[k] >= 0; k = (k + 1) & (BY_ID_SLOTS - 1))
        if (strcmp(th_fields[by_id[k]].id, id) == 0)
            return by_id[k];
    return -1;
}

void th_field_label(int f, char *out, size_t n)
{
    const struct th_field *fd = &th_fields[f];
    if (fd->group)
        snprintf(out, n, "%s — %s", fd->group, fd->label);
    else
        snprintf(out, n, "%s", fd->label);
}

bool th_field_match(const char *pattern, const char *id)
{
    while (*pattern && *id) {
        if (pattern[0] == '*' && (pattern[1] == '.' || pattern[1] == '\0')) {
            while (*id && *id != '.')
                id++;
            pattern++;
            continue;
        }
        if (*pattern != *id)
            return false;
        pattern++;
        id++;
    }
    return *pattern == '\0' && *id == '\0';
}

int64_t th_field_max(int f)
{
    return f >= 0 && f < TH_NNUMERIC && th_fields[f].type == TH_FT_MONEY ? TH_MAX_MONEY : TH_MAX_COUNT;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The length of a thousands separator at p ('.', ',', ' ', U+00A0 or
 * U+202F), 0 if none. */
static size_t separator(const char *p)
{
    if (*p == '.' || *p == ',' || *p == ' ')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

/* "1.234.567", "1,234", "12 345": one to three digits, then groups of the
 * same separator and three digits, to the end (p..end). */
static bool grouped(const char *p, const char *end)
{
    size_t lead = 0;
    while (p + lead < end && is_digit(p[lead]))
        lead++;
    if (lead < 1 || lead > 3)
        return false;
    p += lead;
    size_t sep = separator(p);
    if (!sep || p == end)
        return false;
    const char *first = p;
    while (p < end) {
        if (separator(p) != sep || memcmp(p, first, sep) != 0)
            return false;
        p += sep;
        if (end - p < 3 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]))
            return false;
        p += 3;
    }
    return true;
}

/* Digits p..end to a value, TH_NUM_TOO_LARGE past max (no overflow). */
static enum th_num digits_value(const char *p, const char *end, int64_t max, int64_t *out)
{
    int64_t v = 0;
    bool big = false;
    for (; p < end; p++)
        if (!big && (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v) || v > max))
            big = true;
    if (big)
        return TH_NUM_TOO_LARGE;
    *out = v;
    return TH_NUM_OK;
}

/* A number cell's stored text: -?digits(.digits)?([eE][+-]?digits)?. */
static enum th_num cell_value(const char *p, const char *end, int64_t max, int64_t *out)
{
    const char *q = p;
    if (q < end && (*q == '-' || *q == '+'))
        q++;
    size_t nd = 0;
    while (q < end && is_digit(*q))
        q++, nd++;
    if (q < end && *q == '.')
        for (q++; q < end && is_digit(*q); q++)
            nd++;
    if (!nd)
        return TH_NUM_NOT_NUMBER;
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '-' || *q == '+'))
            q++;
        size_t ne = 0;
        while (q < end && is_digit(*q))
            q++, ne++;
        if (!ne)
            return TH_NUM_NOT_NUMBER;
    }
    if (q != end)
        return TH_NUM_NOT_NUMBER;
    char buf[64];
    if ((size_t)(end - p) >= sizeof buf)
        return TH_NUM_NOT_NUMBER; /* no value a cell stores is that long */
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    double d = strtod(buf, NULL); /* the grammar above: decimal only */
    if (d < 0)
        return TH_NUM_NEGATIVE;
    if (d != floor(d))
        return TH_NUM_FRACTION;
    if (!(d <= (double)max))
        return TH_NUM_TOO_LARGE;
    *out = (int64_t)d;
    return TH_NUM_OK;
}

enum th_num th_num_parse(const char *text, int64_t max, unsigned flags, int64_t *out)
{
    const char *p = text ? text : "", *end = p + strlen(p);
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    if (p == end)
        return TH_NUM_BLANK;
    if (flags & TH_NUM_CELL)
        return cell_value(p, end, max, out);
    bool minus = *p == '-';
    const char *d = p + (*p == '+' || *p == '-');
    size_t nd = 0, nz = 0;
    for (const char *q = d; q < end && is_digit(*q); q++)
        nd++, nz += *q == '0';
    if (nd && d + nd == end) {
        if (minus && nz != nd)
            return TH_NUM_NEGATIVE;
        return digits_value(d, end, max, out);
    }
    /* not plain digits: say what it looks like */
    bool numeric = strspn(d, "0123456789.,") >= (size_t)(end - d) && nd;
    if (minus && (numeric || grouped(d, end)))
        return TH_NUM_NEGATIVE;
    if (grouped(d, end))
        return TH_NUM_GROUPED;
    if (numeric && strcspn(d, ".,") < (size_t)(end - d)) {
        size_t nsep = 0;
        for (const char *q = d; q < end; q++)
            nsep += *q == '.' || *q == ',';
        if (nsep == 1)
            return TH_NUM_FRACTION;
    }
    return TH_NUM_NOT_NUMBER;
}

const char *th_num_code(enum th_num r)
{
    switch (r) {
    case TH_NUM_OK: return "";
    case TH_NUM_BLANK: return "S01";
    case TH_NUM_NEGATIVE: return "S03";
    case TH_NUM_FRACTION: return "S04";
    case TH_NUM_TOO_LARGE: return "S08";
    case TH_NUM_GROUPED:
    case TH_NUM_NOT_NUMBER: break;
    }
    return "S02";
}
