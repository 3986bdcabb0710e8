/*
 * grub2-internal.h: internals of the GRUB 2 script interpreter (lexer, AST,
 * environment, interpreter, commands, menus), shared by the files of
 * discover/parsers/grub2/ and by its unit tests, nobody else.
 *
 * The interpreter follows GRUB 2.06 as the project's oracle shows it
 * behaving: a config is lexed and parsed one top-level unit (a line, or
 * several while a construct is open) at a time and each unit runs before
 * the next is parsed; a syntax error drops its unit and parsing resumes on
 * the next line. Menu entry bodies run later, when the menu is "shown",
 * once per entry, in the environment GRUB would have when that entry is
 * chosen.
 */
#ifndef BATON_PARSERS_GRUB2_INTERNAL_H
#define BATON_PARSERS_GRUB2_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discover/parsers/parser.h"
#include "lib/hash.h"
#include "lib/strbuf.h"

/* ---- bounds (hostile input) ------------------------------------------ */

#define G2_MAX_NESTING		64	/* blocks, if, loops inside each other */
#define G2_MAX_CALL_DEPTH	64	/* function calls */
#define G2_MAX_MENU_DEPTH	PARSE_MAX_DEPTH	/* submenus inside submenus */
#define G2_MAX_WORD		(256u << 10)	/* one word of a script */
#define G2_MAX_ARGC		4096	/* arguments of one command */
#define G2_MAX_ARGV_BYTES	(256u << 10)	/* bytes of one command line */
#define G2_MAX_VALUE		(64u << 10)	/* one variable's value */
#define G2_MAX_ENV_BYTES	(2u << 20)	/* all variables of a parse */
#define G2_MAX_FUNCS		512
#define G2_MAX_AST_BYTES	(48u << 20)	/* parsed scripts alive at once */
#define G2_MAX_TEXT_BYTES	(48u << 20)	/* script texts alive at once */
/*
 * GRUB's own bound (script/execute.c, as Debian's 2.06 has it): a command
 * list or a command nested deeper than this fails with "maximum recursion
 * depth exceeded". Each line of a script is a list holding its commands,
 * so a file that sources itself runs 30 times; measured with the oracle.
 */
#define G2_MAX_EXEC_DEPTH	60
#define G2_MAX_READS		(PARSE_MAX_OPTIONS + 256)	/* files read */
#define G2_MAX_ENTRIES		(4 * PARSE_MAX_OPTIONS)	/* menu entries kept */
/* The run-time budgets may be made smaller at build time (fuzzing). */
/*
 * Bytes of all files read by one parse. A config that sources itself
 * twice runs itself until G2_MAX_READS: a 17 KB one of real commands took
 * a second of a scan, 7 s with sanitizers (found by bench/fuzz); real
 * configs read well under 1 MB in all.
 */
#ifndef G2_MAX_READ_BYTES
#define G2_MAX_READ_BYTES	(16u << 20)
#endif
#ifndef G2_CONFIG_STEPS
#define G2_CONFIG_STEPS		200000	/* commands run by the config */
#endif
#ifndef G2_ENTRY_STEPS
#define G2_ENTRY_STEPS		20000	/* commands run by one entry */
#endif
#ifndef G2_TOTAL_STEPS
#define G2_TOTAL_STEPS		1000000	/* commands run per parse */
#endif
#ifndef G2_RUN_WORK_BYTES
#define G2_RUN_WORK_BYTES	(16u << 20)	/* bytes expanded by one run */
#endif
#ifndef G2_MAX_WORK_BYTES
#define G2_MAX_WORK_BYTES	(128u << 20)	/* bytes expanded per parse */
#endif
#define G2_MAX_REGEX		256	/* bytes of a regexp pattern */
#define G2_MAX_GLOB_DIRS	1024	/* folders wildcards list per parse */
#define G2_GLOB_STEPS		(32u << 20)	/* matching steps per parse */
#define G2_MAX_REGEX_INPUT	1024

/* ---- arena: the allocations of one parsed unit ------------------------ */

struct g2_chunk;

struct g2_arena {
	struct g2_chunk *head;
	size_t bytes;		/* held by this arena */
	size_t *budget;		/* shared count of bytes held by all arenas */
};

/* Zeroed memory that lives until g2_arena_free(); NULL when the budget
 * G2_MAX_AST_BYTES is spent or out of memory. */
void *g2_alloc(struct g2_arena *a, size_t n);
char *g2_strndup(struct g2_arena *a, const char *s, size_t n);
void g2_arena_free(struct g2_arena *a);
/* Free all but the newest chunk, which is emptied for reuse. */
void g2_arena_reset(struct g2_arena *a);

/* ---- script text -------------------------------------------------------- */

/*
 * The text of a script (a config file, an eval, a body given as text),
 * shared by the units parsed from it and by the menu entries whose bodies
 * are spans of it: GRUB keeps an entry's body as text and parses it when
 * the entry runs, and so does baton, so that a menu holds the config's
 * bytes once instead of their syntax trees.
 */
struct g2_text {
	unsigned refs;
	size_t len;
	char *buf;		/* NUL-terminated at len */
	size_t *budget;		/* shared count of text bytes alive */
};

/* A piece of a text: bytes [off, off + len), the first on line line. */
struct g2_span {
	size_t off, len;
	unsigned line;
};

/*
 * Wrap buf (NUL-terminated at len; taken, and freed with the last
 * reference or at once on failure), counting len in *budget (may be NULL)
 * while it lives. NULL when out of memory.
 */
struct g2_text *g2_text_new(char *buf, size_t len, size_t *budget);
struct g2_text *g2_text_ref(struct g2_text *t);
void g2_text_unref(struct g2_text *t);

/* ---- lexer ------------------------------------------------------------ */

enum g2_tok {
	G2T_EOF, G2T_NEWLINE, G2T_SEMI, G2T_LBR, G2T_RBR, G2T_WORD,
	G2T_BAD,		/* what GRUB's grammar has no rule for */
	G2T_IF, G2T_THEN, G2T_ELSE, G2T_ELIF, G2T_FI, G2T_FOR, G2T_IN,
	G2T_DO, G2T_DONE, G2T_WHILE, G2T_UNTIL, G2T_FUNCTION, G2T_CASE,
	G2T_ESAC, G2T_SELECT,
};

/* How a piece of a word was written; decides splitting and empty words. */
enum g2_part_type {
	G2P_TEXT,		/* unquoted text, escapes resolved */
	G2P_SQ,			/* '...' */
	G2P_DQ,			/* literal text inside "..." */
	G2P_VAR,		/* $name unquoted: split on white space */
	G2P_DQVAR,		/* $name inside "...": one piece */
};

struct g2_lexpart {
	enum g2_part_type type;
	size_t off, len;	/* in g2_lexer.text */
};

struct g2_lexer {
	const char *buf;
	size_t len, pos;
	struct g2_text *src;	/* what buf belongs to, or NULL */
	unsigned line;		/* line of buf[pos], from 1 */
	bool eof_nl;		/* the NEWLINE GRUB adds at the end was sent */

	/* the current token */
	enum g2_tok tok;
	unsigned tok_line;
	const char *bad;	/* why, for G2T_BAD */
	bool plain;		/* a word without quotes or escapes */
	struct strbuf text;
	struct g2_lexpart *parts;
	size_t nparts, partcap;
	size_t tok_start, tok_end;	/* bytes of buf the token spans */

	/* the parser's scratch for a command's words, kept for the next */
	struct g2_word *words;
	unsigned wcap;
	/* a unit run and let go, its arena emptied, for the next one */
	struct g2_unit *spare;
	/*
	 * The one-part words of the unit being parsed, by hash (parser.c):
	 * a repeated word ("--class", "$menuentry_id_option") is kept once
	 * in its arena. A slot holds a word of this unit when its gen is
	 * intern_gen, counted up for each unit.
	 */
	struct g2_intern *intern;
	unsigned intern_gen;
	/* lines a check of a body found whole (unit-cache.c) */
	struct g2_checked *checked;
};

void g2_lex_init(struct g2_lexer *lx, const char *buf, size_t len);
/* Lex the span sp of t; offsets (tok_start ...) stay those of t->buf. */
void g2_lex_init_span(struct g2_lexer *lx, struct g2_text *t,
		      const struct g2_span *sp);
void g2_lex_release(struct g2_lexer *lx);
/* Read the next token into lx. Returns 0 or -ENOMEM. */
int g2_lex_next(struct g2_lexer *lx);
/* Is the current token a plain [A-Za-z_][A-Za-z0-9_]* word? */
bool g2_lex_is_name(const struct g2_lexer *lx);
/* After a syntax error: drop the rest of the current line. */
void g2_lex_skip_line(struct g2_lexer *lx);
/*
 * Be where lexing on from pos to the newline at nl (on the current line)
 * would leave lx: past it, with it as the current token.
 */
void g2_lex_past_line(struct g2_lexer *lx, size_t nl);
/*
 * For a check: when the rest of the line from the current token (a word)
 * is words the lexer cuts without an error up to its newline, be past that
 * newline (as g2_lex_past_line) and return true; else return false.
 */
bool g2_lex_words_line(struct g2_lexer *lx);
/*
 * The same for the line after the current token, a newline, when its first
 * word is no keyword: past that line, its newline the current token.
 */
bool g2_lex_words_next_line(struct g2_lexer *lx);

/* ---- AST -------------------------------------------------------------- */

struct g2_part {
	enum g2_part_type type;
	unsigned len;
	const char *str;	/* text, or the variable name */
};

struct g2_word {
	unsigned n;
	/*
	 * One part, text or quoted, not empty unquoted, without a '\\', '*'
	 * or '?': the word expands to its part's str as it is.
	 */
	bool literal;
	const struct g2_part *parts;	/* one-part words may share theirs */
};

struct g2_cmd;
struct g2_interp;
struct g2_cmdctx;

/* A GRUB command baton knows (cmd-*.c). */
typedef int (*g2_builtin_fn)(struct g2_interp *in, int argc, char **argv,
			     const struct g2_cmdctx *cc);

struct g2_list {
	unsigned n;
	struct g2_cmd **cmds;
};

enum g2_cmd_type { G2C_SIMPLE, G2C_IF, G2C_FOR, G2C_WHILE, G2C_UNTIL,
		   G2C_FUNCTION };

struct g2_cmd {
	enum g2_cmd_type type;
	unsigned line;
	union {
		struct {
			unsigned argc;
			struct g2_word *words;
			struct g2_list *block;	/* { ... } after the words */
			const char *block_text;	/* its text, when kept */
			/* a menuentry's { ... }: checked, kept as text */
			const struct g2_span *span;
			/*
			 * The builtin (or NULL) the first word names, looked
			 * up once when parsed, when that word is literal.
			 */
			g2_builtin_fn builtin;
			bool builtin_known;
		} simple;
		struct {
			struct g2_list *cond, *then_list, *else_list;
		} cif;
		struct {
			const char *name;
			unsigned n;
			struct g2_word *words;
			struct g2_list *body;
		} cfor;
		struct {
			struct g2_list *cond, *body;	/* while and until */
		} loop;
		struct {
			const char *name;
			struct g2_list *body;
		} func;
	} u;
};

/* One top-level unit with its memory; refcounted because functions and
 * menu entries keep pointing into it after it ran. */
struct g2_unit {
	struct g2_arena arena;
	unsigned refs;
	struct g2_list *list;
	unsigned line;
	struct g2_text *text;	/* reference to what it was parsed from */
};

struct g2_unit *g2_unit_ref(struct g2_unit *u);
void g2_unit_unref(struct g2_unit *u);
/* Let go of u, a unit parsed from lx: kept as lx's spare when nothing
 * else holds it. */
void g2_unit_done(struct g2_lexer *lx, struct g2_unit *u);

/*
 * Parse the next top-level unit from lx. The block of a command written
 * "menuentry" is parsed to check it, then kept as a span of lx->src only. Returns 0 with *out set (NULL at
 * the end of input), -EINVAL on a syntax error (*msg and *line say what;
 * the caller skips the rest of the line), -ENOMEM, or -E2BIG when the AST
 * budget is spent.
 */
int g2_parse_unit(struct g2_lexer *lx, size_t *budget, struct g2_unit **out,
		  const char **msg, unsigned *line);

struct g2_interp;
/*
 * g2_parse_unit for the interpreter (unit-cache.c): a unit of one line
 * met before in this parse, byte for byte, and not running now, is the
 * one parsed then, its line numbers set to this line's.
 */
int g2_parse_unit_cached(struct g2_interp *in, struct g2_lexer *lx,
			 struct g2_unit **out, const char **msg,
			 unsigned *line);
/* Let go of the units kept. */
void g2_unit_cache_release(struct g2_interp *in);
/*
 * While checking a body (its tree thrown away): when the line from the
 * current token to its newline was found whole before, byte for byte, at
 * a nesting depth no smaller, move lx past it (its newline the current
 * token) and return true.
 */
bool g2_checked_line_skip(struct g2_lexer *lx, unsigned depth);
/*
 * The commands from start (where the token that began them was) to the
 * newline that is now the current token, all on the line `line`, were
 * found whole at that depth: remember the line.
 */
void g2_checked_line_keep(struct g2_lexer *lx, size_t start, unsigned line,
			  unsigned depth);

/* ---- environment ------------------------------------------------------ */

struct g2_var;

/*
 * A variable context. GRUB opens a new one for submenus and configfile,
 * holding copies of the exported variables only. An overlay (parent set)
 * sees all of its parent and keeps its own writes: used to run one menu
 * entry and throw its changes away.
 */
struct g2_env {
	struct g2_var *vars;	/* uthash table by name */
	struct g2_var *status;	/* "?" in vars, once looked up, or NULL */
	struct g2_env *parent;	/* overlays only */
	size_t *bytes;		/* shared byte count, bounded */
};

int g2_env_init(struct g2_env *env, size_t *bytes, struct g2_env *parent);
void g2_env_release(struct g2_env *env);
/* A new context holding copies of from's exported variables. */
int g2_env_open_context(struct g2_env *env, const struct g2_env *from,
			size_t *bytes);
/* NULL when unset. */
const char *g2_env_get(const struct g2_env *env, const char *name);
/* 0, -ENOMEM or -E2BIG (bounds); applies GRUB's hook on "root". */
int g2_env_set(struct g2_env *env, const char *name, const char *value);
/*
 * g2_env_set(env, "?", value), set after every command: nothing to do
 * when this context's "?" holds value already (a search's deferred
 * device aside), and no lookup by name once it was found.
 */
int g2_env_set_status(struct g2_env *env, const char *value);
int g2_env_unset(struct g2_env *env, const char *name);
/* GRUB's export: creates the variable empty when unset. */
int g2_env_export(struct g2_env *env, const char *name);
/*
 * Remember, beside name's value and unseen by the script, the device dev
 * ("UUID=...") that a search for name wanted and did not find; the next
 * write to name forgets it. 0, -ENOMEM or -E2BIG.
 */
int g2_env_defer(struct g2_env *env, const char *name, const char *dev);
/* That device, when name still holds what the search left; else NULL. */
const char *g2_env_deferred(const struct g2_env *env, const char *name);

/*
 * The arguments live back to back in text, each ending with a NUL (one
 * allocation for a whole command line); v points into it once finished.
 */
struct g2_argv {
	char **v;		/* NULL-terminated, valid after finish */
	unsigned n, cap;
	size_t *off;		/* where each argument starts in text */
	struct strbuf text;
	size_t start;		/* where the open argument starts */
	bool open;		/* an argument is open, maybe empty */
	size_t bytes;
	int err;		/* -ENOMEM or -E2BIG, sticky */
	unsigned vcap;		/* room of v */
	bool special;		/* a '\\', '*' or '?' was appended escaped */
	/*
	 * v points at the strings of literal words (in the script's tree,
	 * alive while its command runs), not into text: copied into text
	 * before anything is added.
	 */
	bool borrowed;
};

/* Vectors whose buffers the interpreter keeps for the next commands. */
#define G2_ARGV_SPARES	8

/* ---- the interpreter --------------------------------------------------- */

struct g2_entry;
struct g2_menu;
struct g2_boot;

struct g2_scope {
	unsigned argc;
	char **argv;
	unsigned shift;
	bool owned;		/* argv allocated by setparams */
};

void g2_scope_release(struct g2_scope *sc);

struct g2_func {
	struct g2_list *body;
	struct g2_unit *unit;	/* reference */
	UT_hash_handle hh;
	char name[];
};

struct g2_loop_dev {
	char *name;		/* "loop" */
	char *image;		/* "(dev)/path/of.iso" */
};

/* Where a file named by a config lives, as far as the parser can tell. */
enum g2_dev_kind { G2D_NONE, G2D_SRC, G2D_REF, G2D_URL, G2D_LOOP };

struct g2_dev {
	enum g2_dev_kind kind;
	const struct source_info *src;	/* G2D_SRC */
	enum boot_ref ref;		/* G2D_REF */
	char *value;			/* ref value, URL base or image path */
};

struct g2_interp {
	struct parse_ctx *ctx;
	const char *self;		/* device name of ctx->source */

	struct g2_env *env;		/* current context or overlay */
	struct g2_scope *scope;		/* positional parameters or NULL */
	struct g2_func *funcs;		/* uthash table by name */
	struct g2_menu *menu;		/* entries go here (NULL: dropped) */
	struct g2_boot *boot;		/* loader state while running an entry */
	struct g2_unit *unit;		/* unit of the code running now */
	struct g2_loop_dev *loops;
	size_t nloops;

	/* where we are, for diagnostics */
	const char *file;		/* config path being run */
	unsigned line;
	bool keep_line;			/* running generated text: stay put */

	/* the menu entries being shown, outermost first */
	struct {
		const char *title, *id;
	} path[G2_MAX_MENU_DEPTH];
	unsigned npath;
	bool cur_default;		/* the entry running is the default */
	bool default_done;		/* the first menu shown had it */

	/* control flow, as GRUB keeps it */
	unsigned active_loops, active_breaks;
	bool is_continue, func_return;
	bool booted;			/* "boot" or "reboot" ended an entry */

	/* files being run (main config, source, configfile), outermost first;
	 * each nesting costs at least two levels of exec_depth */
	struct {
		const struct source_info *src;
		const char *path;
	} active[G2_MAX_EXEC_DEPTH / 2 + 1];

	/* bounds */
	unsigned depth;			/* source/configfile nesting */
	unsigned exec_depth;		/* lists and commands, as GRUB counts */
	size_t text_bytes;		/* script texts alive */
	unsigned call_depth;
	long steps_left;		/* for the whole parse */
	long entry_steps_left;		/* for the config, or one entry */
	size_t run_work;		/* bytes expanded by this run */
	bool stopped;			/* a bound ended the current run */
	bool unwind;			/* calls nested too deep: unwinding */
	bool halt;			/* a bound ended the whole parse */
	bool full;			/* the context holds all it can */
	size_t work_bytes, env_bytes, ast_bytes;
	unsigned reads, entries;
	size_t read_bytes;		/* of all files read, G2_MAX_READ_BYTES */
	unsigned glob_dirs;		/* folders listed for wildcards */
	size_t glob_steps;		/* wildcard matching steps left */
	struct g2_bls_seen *bls_seen;	/* BLS files blscfg made entries
					 * of, uthash by path */
	uint64_t warned[PARSE_MAX_DIAGS];	/* diagnostics given */
	unsigned nwarned;
	struct g2_unknown *unknown;	/* unknown commands, by config */
	struct g2_argv argv_spare[G2_ARGV_SPARES];	/* see g2_argv_get */
	unsigned argv_spares;
	struct g2_unit_slot *units;	/* one-line units kept (unit-cache.c) */
	unsigned unit_last;	/* the slot used last, plus one (0: none) */
};

/* Status values GRUB leaves in $? */
#define G2_OK		0
#define G2_FAIL		1
#define G2_NOT_FOUND	5	/* GRUB_ERR_FILE_NOT_FOUND (search) */

int g2_interp_init(struct g2_interp *in, struct parse_ctx *ctx,
		   const char *cfg_path);
/* Writes the counts of repeated diagnostics (see g2_warn_unknown) into
 * the context's diagnostics, then frees everything the interpreter holds. */
void g2_interp_release(struct g2_interp *in);

/*
 * Run the script t (a whole file named path) unit by unit in the current
 * context; t stays the caller's (entries may keep references to it).
 * Returns the status of the last command, or -ENOMEM.
 */
int g2_run_buffer(struct g2_interp *in, const char *path, struct g2_text *t);
/*
 * Parse and run the span sp of t (NULL: all of it). stop_on_error: stop at
 * a syntax error, as GRUB does for menu entry bodies and eval, instead of
 * going on with the next line.
 */
int g2_run_text(struct g2_interp *in, struct g2_text *t,
		const struct g2_span *sp, bool stop_on_error);
/* Run a list (a block, a function body). Returns its status or -ENOMEM. */
int g2_run_list(struct g2_interp *in, const struct g2_list *list);
/* Run a menu entry's body in a new scope with args as $1... */
int g2_run_body(struct g2_interp *in, const struct g2_entry *e);
/*
 * A text for buf (taken, also on failure) in *out, counted against
 * G2_MAX_TEXT_BYTES. Returns 0, -ENOMEM, or G2_FAIL with a diagnostic
 * when the scripts alive would be too large.
 */
int g2_text_take(struct g2_interp *in, char *buf, size_t len,
		 struct g2_text **out);
/* Charge one step; false (and in->stopped) once a bound is reached. */
bool g2_step(struct g2_interp *in);
/* Diagnostic at the current file and line. */
void g2_warn(struct g2_interp *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * "can't find command `name'", said once per command and config file; the
 * times it happened are added to that diagnostic by g2_interp_release.
 * Returns 0 or -ENOMEM.
 */
int g2_warn_unknown(struct g2_interp *in, const char *name);
/* Add the counts to those diagnostics and forget the commands. */
void g2_unknown_release(struct g2_interp *in);
const char *g2_get(struct g2_interp *in, const char *name);
/* Set a variable (diagnoses bounds once); returns G2_OK, G2_FAIL or -ENOMEM. */
int g2_set(struct g2_interp *in, const char *name, const char *value);

/* ---- argument vectors (GRUB's word expansion) ------------------------- */

void g2_argv_next(struct g2_argv *a);
void g2_argv_append(struct g2_argv *a, const char *s, size_t n);
/* Close the open argument and point v at them all; again after more. */
void g2_argv_finish(struct g2_argv *a);
void g2_argv_release(struct g2_argv *a);
/* An empty vector in *a, with buffers a released one left if any. */
void g2_argv_get(struct g2_interp *in, struct g2_argv *a);
/* Release a, keeping its buffers (when small) for g2_argv_get. */
void g2_argv_put(struct g2_interp *in, struct g2_argv *a);
/* Free the buffers kept. */
void g2_argv_spares_release(struct g2_interp *in);
/* Expand words into a (wildcards too); 0, -ENOMEM or -E2BIG. */
int g2_expand(struct g2_interp *in, const struct g2_word *words, unsigned n,
	      struct g2_argv *a);
/*
 * glob.c: expand one word w, escaped ('\' before each '*', '?' and '\'
 * that is literal), into paths of the partition as GRUB's wildcards do,
 * each added to out as an argument. Returns 1 when it did, 0 when w is
 * no pattern or nothing matches (the caller adds w unescaped), -ENOMEM
 * or -E2BIG.
 */
int g2_glob(struct g2_interp *in, const char *w, struct g2_argv *out);

/* ---- commands ---------------------------------------------------------- */

struct g2_cmdctx {
	const struct g2_list *block;	/* { ... } given to the command */
	const char *block_text;
	const struct g2_span *span;	/* or a menuentry's, as text */
	struct g2_unit *unit;		/* owner of block (and span's text) */
};

/* The builtin of that name (every GRUB command baton knows), or NULL. */
g2_builtin_fn g2_builtin_find(const char *name);
/* The table is sorted (checked by the unit tests). */
bool g2_builtins_sorted(void);

/* Option parsing as GRUB's extcmd does it. */
enum { G2O_NONE = 0, G2O_ARG = 1, G2O_OPTIONAL = 2, G2O_REPEAT = 4 };

struct g2_opt {
	const char *longname;
	char shortname;
	unsigned flags;
};

struct g2_optval {
	bool set;
	const char *arg;	/* last value */
	const char **args;	/* all values of a repeatable option */
	unsigned nargs;
};

/*
 * Split argv into options (vals, one per opts entry) and positional
 * arguments (*pos, *npos; into a vector the caller frees). accept_dash:
 * unknown "-x" words are positional. has_block: a block follows the last
 * argument (it may be eaten as an option's value: *block_eaten). Returns
 * 0, -EINVAL with a message in *err, or -ENOMEM.
 */
int g2_getopt(const struct g2_opt *opts, struct g2_optval *vals, int argc,
	      char **argv, bool accept_dash, bool has_block, char ***pos,
	      int *npos, bool *block_eaten, const char **err);
void g2_optvals_release(const struct g2_opt *opts, struct g2_optval *vals);

/* cmd-test.c */
int g2_cmd_test(struct g2_interp *in, int argc, char **argv,
		const struct g2_cmdctx *cc);
/* GRUB's strtoul: *found false when no digit; *end after the number. */
unsigned long g2_strtoul(const char *s, const char **end, int base,
			 bool *found);

/* cmd-device.c */
int g2_cmd_search(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
int g2_cmd_search_uuid(struct g2_interp *in, int argc, char **argv,
		       const struct g2_cmdctx *cc);
int g2_cmd_search_label(struct g2_interp *in, int argc, char **argv,
			const struct g2_cmdctx *cc);
int g2_cmd_search_file(struct g2_interp *in, int argc, char **argv,
		       const struct g2_cmdctx *cc);
int g2_cmd_probe(struct g2_interp *in, int argc, char **argv,
		 const struct g2_cmdctx *cc);
int g2_cmd_regexp(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
int g2_cmd_loopback(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc);

/* cmd-boot.c */
int g2_cmd_linux(struct g2_interp *in, int argc, char **argv,
		 const struct g2_cmdctx *cc);
int g2_cmd_initrd(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
int g2_cmd_devicetree(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc);
int g2_cmd_multiboot(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc);
int g2_cmd_module(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
int g2_cmd_other_loader(struct g2_interp *in, int argc, char **argv,
			const struct g2_cmdctx *cc);

/* cmd-menu.c */
int g2_cmd_menuentry(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc);
int g2_cmd_source(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
int g2_cmd_configfile(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc);
int g2_cmd_load_env(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc);

/* blscfg.c */
int g2_cmd_blscfg(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc);
/* RHEL's expand_val(): $name replaced by its value and a space. */
char *g2_bls_expand(struct g2_interp *in, const char *value);
int g2_bls_vercmp(const char *a, const char *b);
void g2_bls_seen_release(struct g2_interp *in);

/* ---- devices and files ------------------------------------------------ */

/*
 * Split "(dev)/path" (or "/path", the device then being $root). *dev and
 * *path point into a copy the caller frees with free(*dev) (path shares
 * it). Returns 0, -EINVAL ("(dev" without ")") or -ENOMEM.
 */
int g2_split_path(struct g2_interp *in, const char *s, char **dev,
		  const char **path);
/* What a device string stands for. dev->value is owned by the caller. */
int g2_resolve_dev(struct g2_interp *in, const char *devstr,
		   struct g2_dev *dev);
void g2_dev_release(struct g2_dev *dev);
/*
 * The boot_file for a path as a loader command names it, or NULL with
 * *err: -ENOMEM, -EINVAL (not an absolute path), -ENOENT (no device).
 * A file on a loopback device is a file inside its image (boot_file.iso);
 * *note is set when that image is one baton cannot open (on a server,
 * inside another image).
 */
struct boot_file *g2_file(struct g2_interp *in, const char *s, int *err,
			  char **note);
/* The first source with that identity, the config's own first. */
const struct source_info *g2_find_source(struct g2_interp *in,
					 enum boot_ref ref, const char *value);
/* The source a device string names, if the parser can read it. */
const struct source_info *g2_dev_source(struct g2_interp *in,
					const char *devstr);
/* Read a file (dev)/path; 0 or -errno; counts against G2_MAX_READS
 * (-EMFILE) and G2_MAX_READ_BYTES (-ENOSPC). */
int g2_read(struct g2_interp *in, const char *s, char **buf, size_t *len,
	    const struct source_info **src, char **path);
/* Does path (with device) exist; st filled when it does. A bare name
 * (no '/') is one in the root folder, as GRUB's test finds it. */
bool g2_stat(struct g2_interp *in, const char *s, struct parse_stat *st);
/*
 * loopback-cfg.c: the image "(dev)/path" of a loopback device as a source
 * the parser may read, when discovery mounted it for the parse (a source
 * named "dev:/path"); NULL when it did not.
 */
const struct source_info *g2_image_source(struct g2_interp *in,
					  const char *image);
/* The GRUB device name baton uses for a source. */
const char *g2_src_dev(struct g2_interp *in, const struct source_info *si);

/* ---- menus ------------------------------------------------------------ */

struct g2_entry {
	char *title;		/* args[0], not a copy */
	char *id;		/* --id, else the title */
	char **args;		/* $1 ... (title first) */
	unsigned argc;
	bool submenu;
	const struct g2_list *body;	/* parsed body, in unit (submenus) */
	struct g2_unit *unit;
	struct g2_text *text;	/* or the body as text: a span of it */
	struct g2_span span;
	bool own_text;		/* text made for it (blscfg, --source): its
				 * lines are not the config's */
	char *origin;		/* blscfg: the BLS entry file */
	const struct source_info *origin_src;
	char *config;		/* file that defined it */
	unsigned line;
};

struct g2_menu {
	struct g2_entry **v;
	unsigned n, cap;
};

void g2_entry_free(struct g2_entry *e);
/* Give e the body src (taken, also on failure) as text of its own.
 * Returns 0, -ENOMEM or G2_FAIL (see g2_text_take). */
int g2_entry_own_text(struct g2_interp *in, struct g2_entry *e, char *src);
void g2_menu_free(struct g2_menu *m);
/* Append (taking e); -ENOMEM, or -E2BIG past G2_MAX_ENTRIES (e freed). */
int g2_menu_add(struct g2_interp *in, struct g2_entry *e);

/* What an entry loaded when it ran. */
enum g2_loader { G2L_NONE, G2L_LINUX, G2L_MULTIBOOT, G2L_MULTIBOOT2,
		 G2L_OTHER };

struct g2_boot {
	enum g2_loader loader;
	struct boot_file *kernel;
	char *cmdline;
	struct vec initrds;	/* struct boot_file * */
	struct boot_file *dtb;
	struct vec modules;	/* struct boot_module * (file + cmdline) */
	char *note;		/* why it cannot boot as is */
	bool nested_shown;	/* a configfile showed a menu inside it */
};

void g2_boot_release(struct g2_boot *b);
void g2_boot_clear_loader(struct g2_boot *b);

/*
 * GRUB shows menu m (the config's, or a configfile's): run every entry in
 * the current environment and hand the bootable ones to the context.
 * The first menu shown decides the default. Returns 0 or -ENOMEM.
 */
int g2_show_menu(struct g2_interp *in, struct g2_menu *m);

/* GRUB's cmdline from loader arguments (grub_create_loader_cmdline). */
char *g2_loader_cmdline(int argc, char **argv);

/* grubenv.c: call fn for each name=value of a GRUB environment block. */
int g2_envblk_parse(const char *buf, size_t len,
		    int (*fn)(void *data, const char *name, const char *value),
		    void *data);

/* grub2.c: where distributions put grub.cfg, in the order baton looks. */
extern const char *const g2_config_paths[];
/* Run the config at path of ctx->source and add its options. 0/-ENOMEM. */
int g2_parse_config(struct parse_ctx *ctx, const char *path);
/* Run buf (NUL-terminated at len; taken) as if it were the config at path
 * of ctx->source. 0 or -ENOMEM. */
int g2_parse_buffer(struct parse_ctx *ctx, const char *path, char *buf,
		    size_t len);

#endif
