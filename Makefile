# tonghop - build, tests, demo. `make help` lists the targets.
#   make            build bin/tonghop
#   make deps       install the Debian packages the build, tests and samples need
#   make demo       deps, build, then run the whole pipeline on the Cần Thơ sample,
#                   and the Kiên Giang sơ kết 2021-2025 (make demo-review)
#   make check      deps, build, then every test (unit + end-to-end)
#   make check SAN=1  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      benchmarks (bench/results.md, README's figures; BENCH_QUICK=1: a small proof run)
#   make memcheck   the sample pipeline under valgrind (and helgrind on parallel runs)
#   make docs-img   page 1 of each sample report as docs/img/*.png (t72 checks them)
#   make fuzz FUZZ_SECONDS=N   libFuzzer targets (FUZZ_TARGETS="xml xlsx batch")
#   make install [PREFIX=/usr/local] [DESTDIR=]   and make uninstall
#   make deb        the Debian package (dpkg-buildpackage -us -uc -b), in build/deb/
#   make docs       rewrite the sample outputs quoted in README.md and docs/ (t96 checks them)

CC      ?= cc
PKGS    := libxml-2.0 xlsxwriter minizip libdeflate nettle sqlite3 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
# pipeline/ is five layers, lowest first; a file includes only its own layer
# or lower ones (docs/layout.md). Headers are included by bare name.
LAYERS  := base model read write stage
LAYER_INC := $(LAYERS:%=-Ipipeline/%)
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror $(LAYER_INC) $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lhpdf -lunistring -lm

ifeq ($(SAN),1)
BUILD   := build/san
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   := build/default
# jemalloc as the allocator of tonghop and its tests (docs/benchmarks.md,
# "Allocator"); the sanitizers (SAN=1, fuzzing) bring their own
MALLOC_LIB := -ljemalloc
endif

SRC      := $(filter-out pipeline/stage/tonghop.c,$(wildcard $(LAYERS:%=pipeline/%/*.c)))
OBJ      := $(SRC:pipeline/%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libtonghop.a
BIN      := $(BUILD)/tonghop
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HDRS     := $(wildcard $(LAYERS:%=pipeline/%/*.h))
# ar keeps one member per file name, and headers are included by bare name
ifneq ($(words $(notdir $(SRC) $(HDRS))),$(words $(sort $(notdir $(SRC) $(HDRS)))))
$(error two files of pipeline/ share a name; each name must be unique across the layers)
endif

DEBS := build-essential pkg-config libxml2-dev libxml2-utils libxlsxwriter-dev libhpdf-dev \
        zlib1g-dev libminizip-dev libdeflate-dev libjemalloc-dev libunistring-dev libsqlite3-dev sqlite3 nettle-dev \
        libcmocka-dev fonts-liberation2 poppler-utils python3-openpyxl valgrind colord-data \
        chromium time mandoc man-db ghostscript dpkg-dev debhelper fakeroot systemd lintian
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps demo demo-review check unit e2e clean help bench memcheck fuzz fuzz-deps install uninstall deb docs

all: bin/tonghop

# bin/tonghop is always the plain build; `make SAN=1` builds build/san/tonghop.
ifeq ($(SAN),1)
bin/tonghop: $(BIN)
else
bin/tonghop: $(BIN)
	@mkdir -p bin
	cp $< $@
endif

$(BUILD)/%.o: pipeline/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(OBJ)
	@rm -f $@  # no member of a file since moved or removed
	$(AR) rcs $@ $^

$(BUILD)/tonghop: $(BUILD)/stage/tonghop.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(MALLOC_LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(MALLOC_LIB) $(LDLIBS) -lcmocka

deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all Debian packages present"; fi

demo: deps
	$(MAKE) all
	@rc=0; bin/tonghop -w input/cantho -o output run --year 2026 --period annual || rc=$$?; \
	if [ $$rc -gt 1 ]; then echo "demo failed (exit $$rc)"; exit $$rc; fi; \
	rc2=0; bin/tonghop -w input/cantho -o output run --year 2026 --period dx-2026-09 || rc2=$$?; \
	if [ $$rc2 -gt 1 ]; then echo "demo: the ad hoc request dx-2026-09 failed (exit $$rc2)"; exit $$rc2; fi; \
	[ $$rc2 -gt $$rc ] && rc=$$rc2; \
	bin/tonghop -w input/cantho -o output review || exit $$?; \
	$(MAKE) --no-print-directory demo-review || exit $$?; \
	echo "demo: done (exit $$rc: 1 means some sample submissions were rejected, as intended)"

# The Kiên Giang sơ kết 2021-2025 (docs/review.md): a copy of the sample in
# output/demo-kiengiang/ with the annual submissions of 2021-2023 and 2025
# made by `tonghop gen` (three units left out in 2022, two in 2023), every
# year consolidated into output/, then the review.
DEMO_KG := output/demo-kiengiang
demo-review: all
	@rm -rf $(DEMO_KG) && mkdir -p $(DEMO_KG) && cp -r input/kiengiang $(DEMO_KG)/ws
	@for y in 2021 2022 2023 2025; do bin/tonghop -q -w $(DEMO_KG)/ws gen --year $$y --seed $$y || exit 3; done
	@cd $(DEMO_KG)/ws/submissions && rm -f 2022-annual/30733.xml 2022-annual/30763.xml 2022-annual/912.xml \
	  2023-annual/30805.xml 2023-annual/SLDTBXH.xml
	@for y in 2021 2022 2023 2024 2025; do \
	  rc=0; bin/tonghop -q -w $(DEMO_KG)/ws -o output consolidate --year $$y > /dev/null || rc=$$?; \
	  if [ $$rc -gt 1 ]; then echo "demo: consolidating Kiên Giang $$y failed (exit $$rc)"; exit $$rc; fi; \
	done
	bin/tonghop -w $(DEMO_KG)/ws -o output review --to 2025

# Page 1 of each sample report, as the report docs show it; t72 renders
# them again and compares their text, so commit docs/img/ after a change.
.PHONY: docs-img
docs-img: bin/tonghop
	TONGHOP=$(CURDIR)/bin/tonghop TONGHOP_HOME=$(CURDIR) docs/img/make.sh

check: deps
	$(MAKE) $(BIN) $(UNIT_BIN) $(if $(filter 1,$(SAN)),,bin/tonghop)
	TONGHOP=$(CURDIR)/$(BIN) BUILD=$(BUILD) SAN=$(SAN) tests/run.sh $(UNIT_BIN)

# ---- benchmarks, fuzzing, valgrind (see bench/run.sh, tests/fuzz/run.sh) ----

# then README.md's figures (an output block quoting bench/results.md)
bench: deps
	$(MAKE) bin/tonghop
	bench/run.sh
	TONGHOP=$(CURDIR)/bin/tonghop TONGHOP_HOME=$(CURDIR) tests/docs_outputs.py --update

# libFuzzer targets: clang, ASan + UBSan, over the library sources compiled
# with the same flags (not the gcc-built libtonghop.a).
FUZZ_DEBS    := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -g -O1 -std=c17 -D_GNU_SOURCE -Wall -Wextra $(LAYER_INC) $(PKG_CFLAGS) \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ     := $(SRC:pipeline/%.c=build/fuzz/obj/%.o)
FUZZ_TARGETS ?= xml xlsx batch
FUZZ_BIN     := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

build/fuzz/obj/%.o: pipeline/%.c $(HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

fuzz-deps:
	@missing=$$(for p in $(FUZZ_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make fuzz: installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing \
	  || { echo "make fuzz: needs the Debian packages $$missing"; exit 2; }; fi

fuzz: deps fuzz-deps
	$(MAKE) bin/tonghop $(FUZZ_BIN)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The sample pipeline under valgrind: no errors, no definite/indirect leaks.
memcheck: deps
	$(MAKE) bin/tonghop
	tests/memcheck.sh bin/tonghop

# ---- install (FHS paths under PREFIX; DESTDIR for staging, as packagers do) ----
# The binary finds PREFIX/share/tonghop from its own path (TONGHOP_HOME overrides).
PREFIX   ?= /usr/local
BINDIR   := $(PREFIX)/bin
DATADIR  := $(PREFIX)/share/tonghop
MANDIR   := $(PREFIX)/share/man/man1
DOCDIR   := $(PREFIX)/share/doc/tonghop
UNITDIR  ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UNITS    := contrib/tonghop-nightly.service contrib/tonghop-nightly.timer
INSTALL  ?= install
INSTALL_BIN ?= bin/tonghop

install: $(INSTALL_BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(DATADIR)/templates \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR)/docs/img \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	$(INSTALL) -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/tonghop
	$(INSTALL) -m 644 schemas/*.xsd $(DESTDIR)$(DATADIR)/schemas/
	$(INSTALL) -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/
	$(INSTALL) -m 644 docs/tonghop.1 $(DESTDIR)$(MANDIR)/tonghop.1
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/docs/
	$(INSTALL) -m 644 docs/img/*.png $(DESTDIR)$(DOCDIR)/docs/img/
	$(INSTALL) -m 644 contrib/crontab.example contrib/tonghop.default $(DESTDIR)$(DOCDIR)/examples/
	for u in $(UNITS); do \
	  sed 's|/usr/bin/tonghop|$(BINDIR)/tonghop|' $$u > $(DESTDIR)$(UNITDIR)/$$(basename $$u).tmp && \
	  chmod 644 $(DESTDIR)$(UNITDIR)/$$(basename $$u).tmp && \
	  mv $(DESTDIR)$(UNITDIR)/$$(basename $$u).tmp $(DESTDIR)$(UNITDIR)/$$(basename $$u) || exit 3; done
	$(INSTALL) -m 644 contrib/tonghop.sysusers $(DESTDIR)$(SYSUSERSDIR)/tonghop.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tonghop $(DESTDIR)$(MANDIR)/tonghop.1 \
	  $(DESTDIR)$(SYSUSERSDIR)/tonghop.conf $(UNITS:contrib/%=$(DESTDIR)$(UNITDIR)/%)
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# ---- the Debian package (debian/), built from a copy of the tree so that
# dpkg-buildpackage's products, which it writes beside the source, and its
# own build stay under DEB_DIR: the tree is left as it was.
DEB_DIR ?= build/deb

deb:
	@command -v dpkg-buildpackage > /dev/null || { echo "make deb: needs dpkg-dev and debhelper (make deps)"; exit 2; }
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/tonghop
	tar -cf - --exclude-vcs --exclude=./build --exclude=./bin --exclude=./output --exclude='*.log' \
	  --exclude='*.tmp.*' --exclude='./tests/fuzz/corpus-*' --exclude=./bench/work . \
	  | tar -xf - -C $(DEB_DIR)/tonghop
	cd $(DEB_DIR)/tonghop && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN dpkg-buildpackage -us -uc -b -jauto
	@ls $(DEB_DIR)/*.deb

# The sample outputs quoted in the docs, from the binary as built now.
docs: bin/tonghop docs-img
	TONGHOP=$(CURDIR)/bin/tonghop TONGHOP_HOME=$(CURDIR) tests/docs_outputs.py --update

clean:
	rm -rf build bin output

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# *//'
