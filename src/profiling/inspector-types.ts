/** The call frame V8 reports for a profile node (0-based line and column of the function start). */
export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** A node of a V8 CPU profile. */
export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** A V8 CPU profile, the `.cpuprofile` format Chrome DevTools and speedscope load. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A node of V8's sampling heap profile. */
export interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  id: number;
  children: HeapProfileNode[];
}

/** Real call count of one function, from V8's precise coverage, positioned like a profile frame. */
export interface FunctionCallCount {
  url: string;
  functionName: string;
  lineNumber: number;
  columnNumber: number;
  count: number;
}

/** What the timing child measures besides the profiles. */
export interface RunMeasures {
  /** Backend the child actually used (`ts` or `rust`). */
  backend: string;
  /** Wall time of the profiled run, ms. */
  wallMs: number;
  /** Peak resident set size of the child, bytes (`process.resourceUsage().maxRSS` × 1024). */
  maxRssBytes: number;
  /** V8 heap committed (`total_heap_size`) and used at the end of the run, bytes. */
  heapTotalBytes: number;
  heapUsedBytes: number;
  /** Sum of the durations of the `gc` performance entries during the run, ms, and their count. */
  gcMs: number;
  gcCount: number;
  /** Bars and sessions the run simulated. */
  bars: number;
  sessions: number;
  assets: number;
}
