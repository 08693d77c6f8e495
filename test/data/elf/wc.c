/* wc.c: reads all of stdin with read(2) into a buffer grown with brk(2), then prints line, word
 * and byte counts, the longest line, and the input with each line reversed. Exits with the line
 * count as status.
 * Exercises: read until EOF (short reads), brk(0) to find the break and brk(new) to grow it,
 * writing through newly allocated memory. */
#include "rt.h"

static char *heap_grow(char *cur, size_t want) {
  long r = sys_brk(cur + want);
  return (char *)r;
}

int main(void) {
  char *base = (char *)sys_brk(0);
  size_t cap = 256, len = 0;
  char *end = heap_grow(base, cap);
  if (end != base + cap) {
    put_str("brk failed\n");
    return 1;
  }
  for (;;) {
    if (len == cap) {
      char *newend = heap_grow(base, cap * 2);
      if (newend != base + cap * 2) {
        put_str("brk failed\n");
        return 1;
      }
      cap *= 2;
    }
    long n = sys_read(0, base + len, cap - len);
    if (n < 0) {
      put_str("read failed\n");
      return 2;
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  int lines = 0, wordc = 0, in = 0;
  size_t longest = 0, cur = 0;
  for (size_t i = 0; i < len; i++) {
    char c = base[i];
    if (c == '\n') {
      lines++;
      if (cur > longest) longest = cur;
      cur = 0;
    } else {
      cur++;
    }
    if (c == ' ' || c == '\n' || c == '\t') {
      in = 0;
    } else if (!in) {
      in = 1;
      wordc++;
    }
  }
  put_str("lines ");
  put_int(lines);
  put_str(" words ");
  put_int(wordc);
  put_str(" bytes ");
  put_uint(len);
  put_str(" longest ");
  put_uint(longest);
  put_str(" capacity ");
  put_uint(cap);
  put_char('\n');
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || base[i] == '\n') {
      for (size_t k = i; k > start; k--) put_char(base[k - 1]);
      if (i < len) put_char('\n');
      start = i + 1;
    }
  }
  return lines;
}
