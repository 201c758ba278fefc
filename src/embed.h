#ifndef POLIDOC_EMBED_H
#define POLIDOC_EMBED_H

/* Links a file made at build time into the binary as read-only data: the symbols sym and
 * sym_end bracket its bytes (16-byte aligned). dir is a string literal, the folder the
 * assembler reads the file from (the Makefile passes its build directory). Data compiled in this
 * way needs nothing found, read or parsed at start-up. */
#define PD_EMBED(sym, dir, file)                                                                   \
    __asm__(".section .rodata\n"                                                                   \
            ".balign 16\n"                                                                         \
            ".globl " #sym "\n" #sym ":\n"                                                         \
            ".incbin \"" dir "/" file "\"\n"                                                       \
            ".globl " #sym "_end\n" #sym "_end:\n"                                                 \
            ".previous\n");                                                                        \
    extern const char sym[], sym##_end[]

#endif
