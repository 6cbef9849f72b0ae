/** Registers only the Chart.js parts the app uses (keeps the bundle small and avoids global side effects). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

let registered = false;

export function registerChartParts(): typeof Chart {
  if (!registered) {
    Chart.register(
      BarController,
      BarElement,
      LineController,
      LineElement,
      PointElement,
      Filler,
      Decimation,
      CategoryScale,
      LinearScale,
      Legend,
      Tooltip,
    );
    registered = true;
  }
  return Chart;
}
