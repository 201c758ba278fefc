#ifndef POLIDOC_COMMANDS_H
#define POLIDOC_COMMANDS_H

/* The subcommands. Each takes the arguments after "polidoc" (argv[0] is the subcommand's name)
 * and returns the process exit status: 0 all good, 1 some document failed, 2 usage error. */

int pd_cmd_build(int argc, char **argv);
int pd_cmd_normalize(int argc, char **argv);
int pd_cmd_check(int argc, char **argv);
int pd_cmd_archive(int argc, char **argv);
int pd_cmd_verify(int argc, char **argv);

/* Prints "polidoc SUBCOMMAND: not available yet" and returns 2, for subcommands a later
 * version provides: they must not pretend to work. */
int pd_cmd_unavailable(const char *name);

#endif
