import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** One chart of a report: what it shows and how to draw it. */
export interface ChartSpec {
  /** Stable id, used as the figure's `data-chart`. */
  id: string;
  title: string;
  /** One sentence under the chart saying how to read it. */
  caption: string;
  /** `line`, `bar` or `heatmap`: how the browser test recognizes a drawn series. */
  kind: 'line' | 'bar' | 'heatmap';
  /** Colour of each series, in order (the browser test looks for each). */
  colors: string[];
  option: EChartsCoreOption;
  height?: number;
}

/** A chart that cannot be drawn from these results, and why. */
export interface MissingChart {
  id: string;
  title: string;
  /** Why there is no chart and what would give one. */
  missing: string;
}

/** Width of every chart, in SVG pixels (the page scales it to its column). */
export const CHART_WIDTH = 960;

/**
 * Renders a chart to an SVG string with ECharts' server-side renderer (no
 * DOM, no browser): the report embeds the SVG, so it needs no script or
 * network to be read.
 */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: spec.height ?? 300,
  });
  try {
    chart.setOption({
      animation: false,
      color: spec.colors,
      textStyle: {
        fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
        fontSize: 12,
      },
      ...spec.option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
