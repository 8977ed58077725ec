/* archive.h - the archive of issued reports: content-addressed read-only
 * objects (objects/ab/<sha256>.<ext>), a SQLite catalog of documents and the
 * inputs that produced them, a static index.html and SHA256SUMS. */
#ifndef TH_ARCHIVE_H
#define TH_ARCHIVE_H

#include "catalog.h"
#include "workspace.h"

struct th_archive;  /* an open archive: its directory and catalog */

/* Open the archive in dir. create: make the directory and the catalog when
 * missing (for add); otherwise a missing catalog is an error. Prints the
 * reason and returns NULL on failure; *why (may be NULL) then says
 * TH_ERR_NOT_FOUND (no catalog), TH_ERR_PARSE (the catalog is damaged) or
 * TH_ERR_IO. Free with th_archive_close. */
struct th_archive *th_archive_open(const char *dir, bool create, th_err *why);
void th_archive_close(struct th_archive *a);
const char *th_archive_dir(const struct th_archive *a);

/* Take the archive's writer lock (dir/.lock, flock). Returns TH_EXIT_OK or
 * TH_EXIT_BUSY (message printed); released by th_archive_close. */
int th_archive_lock(struct th_archive *a);
/* A writer's archive: th_archive_open(dir, true) and th_archive_lock.
 * TH_EXIT_OK, else the exit code of what failed (message printed); *a is
 * set when the archive opened, to close with th_archive_close either way. */
int th_archive_open_locked(const char *dir, struct th_archive **a);

/* One file to put in the archive. The caller fills the first fields; store
 * fills sha256, size and object (owned by the struct, freed by
 * th_archive_file_release). */
struct th_archive_file {
    const char *role;       /* documents: "report-pdf", "workbook-xlsx", "consolidated-xml";
                               inputs: "consolidated", "validation", "plan", "registry",
                               "rules", "baseline", "submission", "template", "edits",
                               "previous", "baseline+previous", "previous-submission" */
    const char *src;        /* where to read it now */
    const char *path;       /* inputs: where it goes in a workspace ("plan.xml",
                               "submissions/2026-annual/31135.xml"); documents: NULL */
    const char *unit;       /* submitting unit, or NULL */
    const char *status;     /* validation status of a submission, or NULL */
    const char *expect_sha; /* the hash it must have (from consolidated.xml), or NULL */
    char sha256[65];
    int64_t size;
    char *object;           /* "objects/ab/ab12...ef.pdf", relative to the archive */
    bool stored;            /* already in objects/ (run: stored beside the outputs,
                               th_archive_early_start), sha256, size and object filled */
    bool fresh;             /* store wrote its object where there was none */
};
void th_archive_file_release(struct th_archive_file *f);

/* What the catalog says about the documents of one period. */
struct th_archive_meta {
    const char *plan, *period, *period_label;
    int year;
    const char *title, *issuing_body, *issuing_unit, *symbol;
    int number;                 /* 0 = not numbered */
    th_date created;            /* issue date from the plan */
    const char *tonghop_version;
};

/* Store every file as an object (inputs first, then documents; each read
 * once, hashed as it is copied, read-only: one of a known hash written under
 * its name, any other to a temp file renamed once hashed, one already there
 * hashed before it is trusted), then in one transaction add a
 * catalog row per document whose bytes are new for (plan, year, period,
 * role) with the next version, and its inputs. Prints one line per document
 * to stdout. The caller holds the lock (temp files an interrupted add left
 * are removed, unless th_archive_store_object's caller did). A file already
 * stored (its `stored`) is not read again; the one syncfs after the last
 * object covers it too. Returns an exit code (0; 2 when a file differs from its
 * expect_sha; 3 on a system failure; messages printed). */
int th_archive_store(struct th_archive *a, const struct th_archive_meta *m,
                     struct th_archive_file *docs, size_t ndocs,
                     struct th_archive_file *inputs, size_t ninputs);

/* Rewrite index.html (from th_home()/templates/archive-index.html) and
 * SHA256SUMS from the catalog, atomically. */
th_err th_archive_write_index(struct th_archive *a);

/* Which documents to find; zero/NULL fields do not filter. */
struct th_archive_filter {
    int year;
    const char *period;         /* "annual" / "h1" */
    const char *kind;           /* "report-pdf", or a short form "pdf", "xlsx", "xml" */
    const char *unit;           /* issuing unit, or a unit whose submission is an input */
    const char *number;         /* "15" or "15/BC-SYT" */
    const char *title;          /* words, all present, accents and case ignored */
    const char *sha256;         /* prefix of the document's hash */
    int version;                /* exact version */
    bool latest;                /* only the latest version of each (plan, year, period, kind) */
};

/* Documents matching f, newest year first, then period, kind, version.
 * Caller frees with th_archive_docs_free (catalog.h). Returns TH_OK or TH_ERR_IO. */
th_err th_archive_find(struct th_archive *a, const struct th_archive_filter *f,
                       struct th_archive_doc **out, size_t *n);

/* Inputs of document id, sorted by role then path; free with
 * th_archive_inputs_free (catalog.h). */
th_err th_archive_inputs(struct th_archive *a, int64_t id, struct th_archive_input **out, size_t *n);

/* Copy object (a path relative to the archive) to dst the same way,
 * checking it against sha256. */
th_err th_archive_copy_object(struct th_archive *a, const char *object, const char *sha256, const char *dst);
/* Copy document d out of the archive to dst (atomically, mode 0644),
 * checking its SHA-256 on the way: TH_OK, TH_ERR_PARSE when the archived
 * bytes are not the catalogued ones, TH_ERR_IO with errno (EEXIST when dst
 * exists and not replace; the caller checks that dst is a regular file). */
th_err th_archive_copy_out(struct th_archive *a, const struct th_archive_doc *d, const char *dst, bool replace);

/* Check every catalogued object against its size and SHA-256 and the
 * catalog itself; print one line per changed or missing file (by name) to
 * out and a summary. Returns TH_EXIT_OK or TH_EXIT_VERIFY (3 on a failure). */
int th_archive_verify(struct th_archive *a, FILE *out);

/* Check one object against the hash the catalog gives it: TH_OK,
 * TH_ERR_NOT_FOUND (missing) or TH_ERR_IO with errno, or TH_ERR_PARSE
 * (changed). */
th_err th_archive_check_object(struct th_archive *a, const char *object, const char *sha256);

/* ASCII file-name slug of Vietnamese text: "BC-SLĐTBXH" -> "BC-SLDTBXH",
 * "6 tháng đầu năm" -> "6-thang-dau-nam". Caller frees. */
char *th_archive_slug(const char *s);
/* Accent- and case-insensitive form for searching: "Cần Thơ" -> "can tho".
 * Caller frees. */
char *th_archive_fold(const char *s);

#endif
