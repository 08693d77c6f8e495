/* strings.c: string handling over .rodata and .data: length, compare, reverse in place, integer
 * to text and back, word counting and a Caesar cipher, with struct copies that gcc turns into
 * memcpy calls.
 * Exercises: byte loads/stores (lb/lbu/sb), unaligned-looking char arrays, memcpy/memset from
 * rt.h called by gcc itself, switch jump tables. */
#include "rt.h"

struct rec {
  char name[24];
  int len;
};

static const char *const texts[] = {
    "The quick brown fox jumps over the lazy dog",
    "  leading and   repeated   spaces ",
    "",
    "MIPS R3000",
};

static int str_cmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

static void reverse(char *s) {
  size_t n = str_len(s);
  for (size_t i = 0; i + 1 < n - i; i++) {
    char t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
}

static int words(const char *s) {
  int n = 0, in = 0;
  for (; *s; s++) {
    if (*s == ' ') {
      in = 0;
    } else if (!in) {
      in = 1;
      n++;
    }
  }
  return n;
}

static int parse_int(const char *s) {
  int sign = 1, v = 0;
  if (*s == '-') sign = -1, s++;
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return sign * v;
}

static char classify(char c) {
  switch (c) {
  case 'a': case 'e': case 'i': case 'o': case 'u':
    return 'v';
  case ' ':
    return '_';
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    return '#';
  default:
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 'c' : '.';
  }
}

int main(void) {
  struct rec recs[4];
  for (int i = 0; i < 4; i++) {
    struct rec r;
    memset(&r, 0, sizeof r);
    size_t n = str_len(texts[i]);
    for (size_t k = 0; k < n && k < sizeof r.name - 1; k++) r.name[k] = texts[i][k];
    r.len = (int)n;
    recs[i] = r;
  }
  for (int i = 0; i < 4; i++) {
    put_str("[");
    put_str(recs[i].name);
    put_str("] len=");
    put_int(recs[i].len);
    put_str(" words=");
    put_int(words(texts[i]));
    put_char('\n');
  }
  char buf[64];
  memcpy(buf, texts[0], 44);
  reverse(buf);
  put_str(buf);
  put_char('\n');
  for (char *p = buf; *p; p++) {
    if (*p >= 'a' && *p <= 'z') *p = (char)('a' + (*p - 'a' + 13) % 26);
    else if (*p >= 'A' && *p <= 'Z') *p = (char)('A' + (*p - 'A' + 13) % 26);
  }
  put_str(buf);
  put_char('\n');
  for (const char *p = texts[3]; *p; p++) put_char(classify(*p));
  put_char('\n');
  put_int(str_cmp("apple", "apricot") < 0);
  put_int(str_cmp("same", "same") == 0);
  put_int(str_cmp("b", "a") > 0);
  put_int(str_cmp("\xff", "a") > 0);
  put_char('\n');
  put_int(parse_int("-2147483647") + parse_int("12345"));
  put_char(' ');
  put_int(parse_int("0042"));
  put_char('\n');
  return 0;
}
