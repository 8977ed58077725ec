/* escape.h - the one way a name or value from outside (a file name, a cell,
 * a registry name) reaches a terminal, a log or a line-based output: on one
 * line, visibly, never as a control. Every line tonghop prints to stdout or
 * stderr goes through th_escape (th_out for stdout, th_info/th_warn/th_error
 * for stderr), so a newline in a file name cannot forge a second
 * "file:line: CODE" line or a totals line, and ESC or a bidi override
 * cannot reach the terminal. Depends on nothing of tonghop. */
#ifndef TH_ESCAPE_H
#define TH_ESCAPE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* s[0..n) made printable on one line. Vietnamese and every other printable
 * text stays as it is; made visible are:
 *   newline, CR, tab           \n \r \t
 *   other C0 controls, DEL     \x1b \x7f ...
 *   bytes that are not UTF-8   \xff ...
 *   C1 controls (U+0080-009F), the bidi controls (U+061C, U+200E-200F,
 *   U+202A-202E, U+2066-2069), U+2028-2029 line/paragraph separators
 *                              \u0085 \u202e ...
 * A backslash is left as it is, so escaping twice changes nothing (a piece
 * escaped by its caller and again by the line it is printed in reads the
 * same). Returns a new string, caller frees; NULL in, "(null)" out. */
char *th_escape_n(const char *s, size_t n);
char *th_escape(const char *s);

/* A name made safe to store and show, reversibly: every byte th_escape
 * would make visible (controls, DEL, bytes that are not UTF-8, the bytes of
 * C1, bidi and line-separator characters) and '%' itself become %XX, so
 * "bad\xff.xml" is stored as "bad%FF.xml" and "50%.xml" as "50%25.xml".
 * Two names never share an encoding. th_name_decode undoes it (only %XX
 * that th_name_encode writes; anything else is left as it is, so a '/' or
 * NUL never appears from a %XX). Both return a new string, caller frees. */
char *th_name_encode(const char *s);
char *th_name_decode(const char *s);

/* One line to f: fmt formatted, the result escaped, then "\n". Every line
 * of a stage's primary output (stdout) is printed this way. */
void th_out(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void th_vout(FILE *f, const char *fmt, va_list ap);

#endif
