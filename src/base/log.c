/* Category logging controlled by PTXVM_LOG; warnings and errors always reach stderr. */
#include "base.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static unsigned log_mask;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static const struct {
  const char *name;
  unsigned bit;
} log_names[] = {
    {"ptx", LOG_PTX},     {"ir", LOG_IR},         {"asm", LOG_ASM},
    {"launch", LOG_LAUNCH}, {"mem", LOG_MEM},     {"fatbin", LOG_FATBIN},
    {"api", LOG_API},     {"exec", LOG_EXEC},     {"cache", LOG_CACHE},
};

static void log_parse_env(void) {
  const char *env = getenv("PTXVM_LOG");
  if (!env) return;
  const char *p = env;
  while (*p) {
    size_t n = strcspn(p, ",: ");
    if (n == 3 && strncmp(p, "all", 3) == 0) log_mask = ~0u;
    for (size_t i = 0; i < ARRAY_LEN(log_names); i++) {
      if (strlen(log_names[i].name) == n && strncmp(p, log_names[i].name, n) == 0)
        log_mask |= log_names[i].bit;
    }
    p += n;
    if (*p) p++;
  }
}

bool log_enabled(LogCategory cat) {
  pthread_once(&log_once, log_parse_env);
  return (log_mask & (unsigned)cat) != 0;
}

static void log_vline(const char *prefix, const char *fmt, va_list ap) {
  StrBuf sb = {0};
  strbuf_printf(&sb, "ptxvm: %s", prefix);
  strbuf_vprintf(&sb, fmt, ap);
  if (!sb.len || sb.data[sb.len - 1] != '\n') strbuf_puts(&sb, "\n");
  fwrite(sb.data, 1, sb.len, stderr); /* one write per line keeps threads' lines whole */
  strbuf_free(&sb);
}

void log_msg(LogCategory cat, const char *fmt, ...) {
  const char *name = "";
  for (size_t i = 0; i < ARRAY_LEN(log_names); i++)
    if (log_names[i].bit == (unsigned)cat) name = log_names[i].name;
  char prefix[32];
  snprintf(prefix, sizeof prefix, "[%s] ", name);
  va_list ap;
  va_start(ap, fmt);
  log_vline(prefix, fmt, ap);
  va_end(ap);
}

void log_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_vline("warning: ", fmt, ap);
  va_end(ap);
}

void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_vline("error: ", fmt, ap);
  va_end(ap);
}

char *file_read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf sb = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&sb, buf, n);
  int err = ferror(f);
  fclose(f);
  if (err) {
    strbuf_free(&sb);
    errno = EIO;
    return NULL;
  }
  if (!sb.data) strbuf_append(&sb, "", 0);
  *len = sb.len;
  return sb.data;
}
