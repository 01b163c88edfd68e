/** The marketers' dashboard: Qute pages and the read models behind them. */
package io.affinity.dashboard;
