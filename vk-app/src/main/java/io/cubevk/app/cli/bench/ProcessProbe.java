package io.cubevk.app.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The JVM's own figures, from its MXBeans: heap after a full collection, process CPU time. */
final class ProcessProbe {

  private ProcessProbe() {}

  /**
   * Bytes of heap in use after full collections (twice, so objects freed by finalisation-like
   * cleaners in the first are gone too): what is live, not what the collector has not reclaimed.
   */
  static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** CPU time of the whole process, all threads, in nanoseconds (-1 when the JVM cannot say). */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
