/* hello.c: the smallest program: one write(2) to stdout, then exit(2) with status 0. */
#include "rt.h"

int main(void) {
  static const char msg[] = "Hello from a freestanding mipsel ELF!\n";
  sys_write(1, msg, sizeof msg - 1);
  sys_exit(0);
  return 0;
}
