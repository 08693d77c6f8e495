# spin.s: does nothing, forever, so that time passes for devices (the disk's DMA) while the
# REPL watches.
        .text
main:   b       main
