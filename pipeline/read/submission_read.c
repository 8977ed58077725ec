/* submission_read.c - reading one submission file of any kind: the file is
 * read within its size cap and handed to the XML or the XLSX reader by its
 * first bytes; a file that cannot be read becomes an F-coded rejection. */
#include "submission_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "entries.h"
#include "text.h"

/* Why a file could not be read, in Vietnamese. */
static const char *read_reason(int err)
{
    switch (err) {
    case EACCES:
    case EPERM: return "không có quyền đọc tệp";
    case ENOENT: return "tệp không tồn tại (hoặc là liên kết hỏng)";
    case EISDIR: return "đây là thư mục, không phải tệp";
    case EINVAL: return "không phải tệp thông thường";
    case ELOOP: return "liên kết vòng";
    case ENAMETOOLONG: return "tên tệp quá dài";
    default: return "lỗi đọc đĩa";
    }
}

struct th_submission *th_submission_read(const char *path, const struct th_plan *plan)
{
    /* a name that is not UTF-8 is kept as it is (printed escaped, written
     * to XML with its bytes encoded); its bytes are read, so it is archived */
    bool bad_name = !th_utf8_valid(path, strlen(path));
    struct th_submission *s = th_submission_new(path);
    char *data = NULL;
    size_t len = 0;
    const char *code, *msg;
    enum th_entry_kind kind;
    /* one rule: only a regular file is read, never through a link */
    th_err e = th_read_regular(path, TH_MAX_XLSX_BYTES, &data, &len, &kind);
    if (kind == TH_ENTRY_LINK) {
        th_submission_diag(s, TH_SEV_ERROR, "N01", -1,
                           "liên kết tượng trưng (symlink), không được đọc: hãy chép chính tệp báo cáo vào thư mục");
        e = TH_OK;
    } else if (kind == TH_ENTRY_OTHER) {
        th_submission_diag(s, TH_SEV_ERROR, "N02", -1,
                           "không phải tệp thông thường (thư mục, FIFO, thiết bị hay socket): không được đọc");
        e = TH_OK;
    } else if (bad_name) {
        th_submission_diag(s, TH_SEV_ERROR, "F11", -1,
                           "tên tệp không phải UTF-8 (gõ bằng bảng mã cũ?): đổi tên tệp rồi nộp lại");
        if (e == TH_OK)
            th_sha256_hex(data, len, s->sha256);
        e = TH_OK;
    } else if (!th_entry_name_ok(th_basename(path), &code, &msg)) {
        th_submission_diag(s, TH_SEV_ERROR, code, -1, "%s", msg);
        e = TH_OK;
    } else if (e == TH_OK && th_ole_encrypted(data, len)) {
        th_submission_diag(s, TH_SEV_ERROR, "N03", -1,
                           "sổ làm việc có mật khẩu (được mã hoá): mở bằng Excel, gỡ mật khẩu rồi lưu lại dạng .xlsx");
    } else if (e == TH_OK && th_is_ole(data, len)) {
        th_submission_diag(s, TH_SEV_ERROR, "N03", -1,
                           "tệp Excel 97-2003 (.xls), không phải XLSX: mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx");
    }
    if (s->nerrors) { /* not a submission: nothing read, nothing kept */
        free(data);
        s->status = TH_ST_REJECTED;
        return s;
    }
    if (e == TH_ERR_IO) {
        th_submission_diag(s, TH_SEV_ERROR, "F01", -1, "không đọc được tệp: %s", read_reason(errno));
    } else if (e == TH_ERR_TOO_BIG) {
        th_submission_diag(s, TH_SEV_ERROR, "F08", -1, "tệp quá lớn (tối đa %u MB)", TH_MAX_XLSX_BYTES >> 20);
    } else {
        th_sha256_hex(data, len, s->sha256);
        size_t i = 0;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
            i++;
        bool utf16 = len >= 2 && ((memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0) ||
                                  memcmp(data, "<\0", 2) == 0 || memcmp(data, "\0<", 2) == 0);
        if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
            th_submission_from_xlsx(s, data, len, plan);
        else if (utf16)
            th_submission_diag(s, TH_SEV_ERROR, "F04", -1,
                               "tệp lưu bằng mã UTF-16, không phải UTF-8: hãy lưu lại dưới dạng UTF-8");
        else if (i == len)
            th_submission_diag(s, TH_SEV_ERROR, "F02", -1, "tệp rỗng");
        else if (i < len && data[i] == '<')
            th_submission_from_xml(s, data, len, plan);
        else if ((len >= 4 && memcmp(data, "PK", 2) == 0) ||
                 (strlen(path) > 5 && strcmp(path + strlen(path) - 5, ".xlsx") == 0))
            th_submission_from_xlsx(s, data, len, plan); /* X01 when it is no zip at all */
        else
            th_submission_diag(s, TH_SEV_ERROR, "F09", -1,
                               "không nhận dạng được định dạng tệp: cần tệp XML hoặc XLSX");
    }
    free(data);
    s->status = s->nerrors ? TH_ST_REJECTED : TH_ST_ACCEPTED;
    return s;
}
