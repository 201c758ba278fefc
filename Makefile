# polidoc — see README.md. `make editions` and `make check` do all set-up on Debian 12.

PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

CC      ?= cc
PKGS    := libcmark libzip yaml-0.1 hunspell libutf8proc zlib freetype2 libpng libjpeg
SAN     ?=
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CFLAGS) -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
           -DPOLIDOC_VERSION='"$(VERSION)"' -DPOLIDOC_DATADIR='"$(PREFIX)/share/polidoc"' $(SAN)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libharu and libhyphen ship no pkg-config file.
LDLIBS  = $(PKG_LIBS) -lhpdf -lhyphen -lpthread -lm $(SAN)

BUILD   ?= build
SRC     := $(sort $(wildcard src/*.c))
OBJ     := $(SRC:src/%.c=$(BUILD)/%.o)
LIBOBJ  := $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT    := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(UNIT:tests/unit/%.c=$(BUILD)/tests/%)

# Debian packages polidoc needs to build, test and benchmark (installed by `make deps`).
DEB_BUILD := build-essential pkg-config libhpdf-dev libcmark-dev libzip-dev libyaml-dev \
             libhyphen-dev hyphen-no hunspell-no libhunspell-dev libutf8proc-dev zlib1g-dev \
             libpng-dev fonts-noto-core icc-profiles-free libfreetype-dev libjpeg-dev \
             hunspell-tools debian-edu-doc-nb-no debian-edu-doc-legacy-nb-no debian-handbook \
             wamerican apertium-nno-nob lttoolbox-dev tesseract-ocr tesseract-ocr-nor
DEB_TEST  := libcmocka-dev cmark epubcheck poppler-utils qpdf python3-pikepdf python3-fonttools \
             hunspell tesseract-ocr tesseract-ocr-eng time chromium pandoc

.PHONY: all deps deps-test editions check unit e2e asan bench bench-ocr install clean format

all: bin/polidoc

deps:
	@./tests/install-deps.sh $(DEB_BUILD)

deps-test: deps
	@./tests/install-deps.sh $(DEB_TEST)
	@./tests/install-ace.sh

bin/polidoc: $(OBJ)
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDLIBS) -lcmocka

-include $(OBJ:.o=.d)

# OCR repair models (src/normalize_model.h): hunspell-no's word forms and n-grams of clean
# Norwegian text (born-digital content/, Debian Edu's Bokmål manuals and the Bokmål Debian
# Administrator's Handbook), compiled by src/tools/mkocrmodel.c and linked into polidoc as
# read-only data by normalize_data.c. The clean text is Bokmål: for Nynorsk it only counts the
# words the two share (--closed). Never the nb message catalogues or manpages-nb: they are the
# source of tests/ocr's held-out test split.
OCR_DOMAIN := $(sort $(wildcard content/*.md))
OCR_EDU    := $(sort $(wildcard /usr/share/doc/debian-edu-doc-nb-no/*.html \
                                /usr/share/doc/debian-edu-doc-legacy-nb-no/*.html))
OCR_TEXT   := $(OCR_EDU) $(sort $(wildcard /usr/share/doc/debian-handbook/html/nb-NO/*.html))
HUNSPELL   := /usr/share/hunspell
# English words (wamerican): an English phrase inside Norwegian text is left as it is
ENGLISH    := /usr/share/dict/american-english

$(BUILD)/tools/mkocrmodel: src/tools/mkocrmodel.c src/normalize_model.h
	@mkdir -p $(BUILD)/tools
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o $@ $< -lm

# A second Bokmål lexicon for the nb model: the word forms of apertium-nno-nob's Bokmål analyser
# (made from Norsk ordbank), which has inflections hunspell-no lacks ("arenaer"). lt-print
# (lttoolbox-dev) dumps the compiled analyser as text, src/tools/attforms.c lists its forms;
# mkocrmodel takes the ones that cannot pass for OCR damage.
APERTIUM := /usr/share/apertium/apertium-nno-nob

$(BUILD)/tools/attforms: src/tools/attforms.c src/normalize_model.h
	@mkdir -p $(BUILD)/tools
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/morph-nb.forms: $(BUILD)/tools/attforms $(APERTIUM)/nob-nno.automorf.bin
	lt-print $(APERTIUM)/nob-nno.automorf.bin | $(BUILD)/tools/attforms >$@.tmp
	mv $@.tmp $@

# Word forms seen in real text, for the nb model: the word list of tesseract-ocr-nor's LSTM
# model (~223 000 forms gathered from web text, no counts), unpacked with tesseract-ocr's tools.
# It tells a common word the clean text lacks ("oppført") from a rare or nonce form hunspell
# also accepts ("oppfort"); there is none for Nynorsk.
TESSDATA := /usr/share/tesseract-ocr/5/tessdata

$(BUILD)/nor-attested.words: $(TESSDATA)/nor.traineddata
	@mkdir -p $(BUILD)/tessdata
	combine_tessdata -u $< $(BUILD)/tessdata/nor. >/dev/null 2>&1
	dawg2wordlist $(BUILD)/tessdata/nor.lstm-unicharset $(BUILD)/tessdata/nor.lstm-word-dawg \
		$@.tmp >/dev/null 2>&1
	mv $@.tmp $@

# The list has Nynorsk too: its forms that only hunspell-no's Nynorsk has are not added to nb.
$(BUILD)/ocr-nb.bin: $(BUILD)/morph-nb.forms $(BUILD)/nor-attested.words $(BUILD)/ocr-nn.forms
$(BUILD)/ocr-nb.bin: OCR_MORPH = --morph $(BUILD)/morph-nb.forms \
                                 --attested $(BUILD)/nor-attested.words --not $(BUILD)/ocr-nn.forms

# every word form of the hunspell dictionary, one a line, in UTF-8 (kept: the nb model reads nn's)
.SECONDARY: $(BUILD)/ocr-nb.forms $(BUILD)/ocr-nn.forms
$(BUILD)/ocr-%.forms: $(HUNSPELL)/%_NO.dic $(HUNSPELL)/%_NO.aff
	@mkdir -p $(BUILD)
	unmunch $(HUNSPELL)/$*_NO.dic $(HUNSPELL)/$*_NO.aff >$@.latin1 2>/dev/null
	iconv -f ISO-8859-1 -t UTF-8 $@.latin1 >$@.tmp
	mv $@.tmp $@

$(BUILD)/ocr-%.bin: $(BUILD)/tools/mkocrmodel $(BUILD)/ocr-%.forms $(HUNSPELL)/%_NO.dic \
                   $(HUNSPELL)/%_NO.aff $(OCR_DOMAIN) $(OCR_TEXT) $(ENGLISH)
	iconv -f ISO-8859-1 -t UTF-8 $(HUNSPELL)/$*_NO.dic >$(BUILD)/ocr-$*.dic
	$(BUILD)/tools/mkocrmodel --lang $* --forms $(BUILD)/ocr-$*.forms --dic $(BUILD)/ocr-$*.dic \
		--aff $(HUNSPELL)/$*_NO.aff --english $(ENGLISH) $(OCR_MORPH) \
		$(if $(filter nn,$*),--closed) $(addprefix --domain ,$(OCR_DOMAIN)) \
		$(addprefix --text ,$(OCR_TEXT)) -o $@

$(BUILD)/normalize_data.o: $(BUILD)/ocr-nb.bin $(BUILD)/ocr-nn.bin
$(BUILD)/normalize_data.o: ALL_CFLAGS += -DPD_OCR_MODEL_DIR='"$(BUILD)"'

# Hyphenation patterns (src/hyphen_blob.h): hyphen-no's files loaded by libhyphen once, here,
# and linked in by hyphen_data.c, because parsing them at run time costs ~35 ms per build.
HYPHEN := /usr/share/hyphen

$(BUILD)/tools/mkhyphen: src/tools/mkhyphen.c src/hyphen_blob.h
	@mkdir -p $(BUILD)/tools
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o $@ $< -lhyphen

$(BUILD)/hyph-%.bin: $(BUILD)/tools/mkhyphen $(HYPHEN)/hyph_%_NO.dic
	$(BUILD)/tools/mkhyphen $(HYPHEN)/hyph_$*_NO.dic $@

$(BUILD)/hyphen_data.o: $(BUILD)/hyph-nb.bin $(BUILD)/hyph-nn.bin
$(BUILD)/hyphen_data.o: ALL_CFLAGS += -DPD_HYPHEN_BLOB_DIR='"$(BUILD)"'

editions: deps
	@$(MAKE) --no-print-directory all
	./bin/polidoc build -o out content/

check: deps-test
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory asan

unit: $(UNITBIN)
	@./tests/run-unit.sh $(UNITBIN)

e2e: bin/polidoc
	@./tests/e2e/run.sh

# The unit tests again under AddressSanitizer and UBSan, in a build tree of their own.
# The unit tests, and a build of every document and fixture in every format, again under
# AddressSanitizer and UBSan, in a build tree of their own. Any report fails the run.
ASAN_BUILD := $(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g" \
              SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
asan:
	@$(ASAN_BUILD) $(patsubst $(BUILD)/%,build-asan/%,$(UNITBIN)) build-asan/polidoc
	@./tests/run-unit.sh $(patsubst $(BUILD)/%,build-asan/%,$(UNITBIN))
	@./tests/asan-build.sh build-asan/polidoc

$(BUILD)/polidoc: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# `all` runs in a make of its own after the packages are installed: this make read
# /usr/share/hyphen before hyphen-no was there, and its cache would say the patterns are missing.
bench: deps-test
	@$(MAKE) --no-print-directory all
	@./tests/bench/run.sh

# tests/ocr's handbook split is text of the Debian handbook: it is scored with a polidoc whose
# model is built without the handbook (build/nohb/polidoc). Its dev split is text of content/:
# it is also scored with a polidoc whose model is built without content/ (build/nodom).
bench-ocr: deps-test
	@$(MAKE) --no-print-directory all
	@$(MAKE) -s BUILD=build/nohb OCR_TEXT="$(OCR_EDU)" build/nohb/polidoc
	@$(MAKE) -s BUILD=build/nodom OCR_DOMAIN= build/nodom/polidoc
	@./tests/ocr/bench.sh --handbook build/nohb/polidoc --nodomain build/nodom/polidoc ./bin/polidoc

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/polidoc/fonts
	install -m 755 bin/polidoc $(DESTDIR)$(PREFIX)/bin/polidoc
	install -m 644 doc/polidoc.1 $(DESTDIR)$(PREFIX)/share/man/man1/polidoc.1
	cp -R fonts/. $(DESTDIR)$(PREFIX)/share/polidoc/fonts/

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

clean:
	rm -rf bin build build-asan out tests/tmp
