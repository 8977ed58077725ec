/* unit.h - common includes for cmocka unit tests. */
#ifndef TH_UNIT_H
#define TH_UNIT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#endif
