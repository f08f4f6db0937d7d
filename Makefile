# guiyan — one plain Makefile. `make` builds build/guiyan; `make check` runs every test.
# Quiet by default; `make V=1` shows the commands.

PREFIX   ?= /usr/local
VERSION  := 0.1.0
CC       ?= cc
BUILD    ?= build
TEMPLATES_DIR := $(CURDIR)/report_templates
LOCALE_DIR    := $(CURDIR)/$(BUILD)/locale

PKGS     := glib-2.0 gobject-2.0 gio-2.0 gio-unix-2.0 pangocairo cairo pango xlsxwriter fontconfig \
            libzip libxml-2.0 libcrypto libsoup-3.0 json-glib-1.0 freexl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
OPT      ?= -O2 -g
CFLAGS   += -std=gnu11 $(OPT) $(WARN) -Iinclude $(PKG_CFLAGS) \
            -DGY_VERSION='"$(VERSION)"' -DGY_TEMPLATES_DIR='"$(TEMPLATES_DIR)"' \
            -DGY_LOCALE_DIR='"$(LOCALE_DIR)"'
LDLIBS   += $(PKG_LIBS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(sort $(filter-out src/face/main.c,$(wildcard src/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/www.o
WWW      := $(sort $(wildcard src/serve/www/*.html src/serve/www/*.css src/serve/www/*.js \
                              src/serve/www/*.png src/serve/www/*.svg))
MAIN_OBJ := $(BUILD)/src/face/main.o
LIB      := $(BUILD)/libguiyan.a
BIN      := $(BUILD)/guiyan
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TOOLS    := $(BUILD)/gensamples
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 60
MO       := $(LOCALE_DIR)/zh_CN/LC_MESSAGES/guiyan.mo

.PHONY: all install deps demo check check-layers unit cli e2e asan asan-build valgrind bench bench-serve clean pot images \
        fuzz fuzz-build fuzz-targets fuzz-merge
all: $(BIN) $(MO)

# -MMD -MP: each object depends on the headers it really includes (build/**/*.d).
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# guiyan serve's page, compiled in (GResource): nothing is loaded from another host.
$(BUILD)/gen/www.c: src/serve/www/www.gresource.xml $(WWW)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)glib-compile-resources --sourcedir=src/serve/www --generate-source --c-name gy_www \
	  --target=$@ $<

$(BUILD)/gen/www.o: $(BUILD)/gen/www.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=gnu11 $(OPT) $(PKG_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

# A libFuzzer target: only with $(FUZZ_MAKE), whose objects carry the sanitizers' hooks.
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS) -MMD -MP -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/gensamples: tools/gensamples.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

$(MO): po/zh_CN.po
	@mkdir -p $(dir $@)
	$(Q)msgfmt --check -o $@ $<

# Debian packages the build, the tests and the outputs need.
DEB_PKGS := build-essential pkg-config gettext libcsv-dev libxlsxwriter-dev libcairo2-dev \
            libpango1.0-dev libglib2.0-dev libfontconfig-dev libzip-dev libxml2-dev libfreexl-dev libssl-dev libcmocka-dev \
            fontconfig fonts-noto-cjk poppler-utils python3-openpyxl python3-docx \
            libreoffice-calc-nogui fonts-arphic-ukai unzip valgrind clang libclang-rt-14-dev \
            libsoup-3.0-dev libjson-glib-dev glib-networking libglib2.0-dev-bin \
            chromium chromium-driver python3-selenium
deps:
	@sh tools/deps.sh $(DEB_PKGS)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BIN)

# The tests, then the memory tiers: the same under valgrind's memcheck, and the build with
# sanitizers in $(BUILD)-asan (see tests/run.sh).
# The three builds use every core (JOBS, default nproc); the suites run two at a time.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(TEST_BIN) $(TOOLS)
	@$(MAKE) --no-print-directory -j$(JOBS) fuzz-build || echo "guiyan: the fuzz targets did not build" >&2
	@$(MAKE) --no-print-directory -j$(JOBS) asan-build ASAN=$(BUILD)-asan
	@sh tests/run.sh $(BUILD) valgrind asan

# The layer rule: src/measures/ and src/fields/ do no I/O and include no reader or writer
# (tools/check_layers.sh; tests/run.sh runs it too).
check-layers:
	@sh tools/check_layers.sh "$(CC)" -Iinclude $(PKG_CFLAGS)

# The tests and the valgrind tier (no sanitizer build).
valgrind: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN) $(TOOLS)
	@sh tests/run.sh $(BUILD) valgrind

ASAN ?= build-asan
asan-build:
	@$(MAKE) --no-print-directory BUILD=$(ASAN) OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" all $(ASAN)/gensamples \
	  $(TEST_SRC:tests/%.c=$(ASAN)/tests/%)

# Every test on the build with AddressSanitizer and UndefinedBehaviorSanitizer.
asan: asan-build
	@sh tests/run.sh $(ASAN)

# The libFuzzer targets of tests/fuzz/, built with clang into build-fuzz/ (the library too,
# with the sanitizers' hooks). `make fuzz` runs each (or those FUZZ_TARGETS names: reader
# load …) for FUZZ_TIME seconds, one at a time, from its corpus; `make check` replays the
# corpus and the old crashes and fuzzes a little.
FUZZ_MAKE := $(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
             OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                  -fno-sanitize-recover=all -DGY_READER_BLOCK=64"
fuzz-build:
	@$(FUZZ_MAKE) fuzz-targets
fuzz-targets: $(FUZZ_BIN)
	@:

fuzz: deps fuzz-build
	@sh tests/fuzz/run.sh fuzz $(FUZZ_TIME) $(FUZZ_TARGETS)

# Add what `make fuzz` found that reaches new code to tests/fuzz/corpus/ (libFuzzer -merge=1).
fuzz-merge: fuzz-build
	@sh tests/fuzz/run.sh merge

bench: all $(TOOLS)
	@sh bench/run.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-serve

# guiyan serve under load on loopback: 20 status pollers and 4 uploaders of 1M-row summary
# jobs for BENCH_SERVE_SECONDS (60) seconds.
BENCH_SERVE_SECONDS ?= 60
bench-serve: all $(TOOLS)
	@mkdir -p bench/data
	@[ -s bench/data/bench_1000000.csv ] || $(BUILD)/gensamples bench 1000000 bench/data/bench_1000000.csv
	@/usr/bin/python3 bench/serve.py $(BUILD)/guiyan bench/data/bench_1000000.csv $(BENCH_SERVE_SECONDS) 20 4

# The pictures in README.md: a chart page and a workbook sheet from the samples.
images: all
	@sh tools/images.sh $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The binary, the report templates and translations under PREFIX/share (found from where the
# binary is, not this folder), and guiyan serve's systemd unit with its own system user.
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/guiyan/templates \
	  $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/guiyan
	install -m 0644 $(filter-out %/README.md,$(wildcard report_templates/*)) \
	  $(DESTDIR)$(PREFIX)/share/guiyan/templates/
	install -m 0644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/zh_CN/LC_MESSAGES/guiyan.mo
	sed 's|@BINDIR@|$(PREFIX)/bin|g' tools/guiyan.service.in > $(DESTDIR)$(UNITDIR)/guiyan.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/guiyan.service
	install -m 0644 tools/guiyan.sysusers $(DESTDIR)$(SYSUSERSDIR)/guiyan.conf
	@echo "installed; then: systemd-sysusers && systemctl daemon-reload && systemctl enable --now guiyan"

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -o po/guiyan.pot $(LIB_SRC) src/face/main.c

clean:
	rm -rf build build-asan build-fuzz
