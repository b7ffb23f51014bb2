/** ECharts, tree-shaken: only the charts and components the wall's analytics panels draw, on canvas. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, CanvasRenderer]);

export { echarts };
