/**
 * A cluster's calendar of policies: the model ({@link org.strata.datacenter.schedule.Schedule}, {@link
 * org.strata.datacenter.schedule.Window}, {@link org.strata.datacenter.schedule.PolicyDay}), its evaluation ({@link
 * org.strata.datacenter.schedule.PolicyCalendar}) and a clock that tells of its edges ({@link
 * org.strata.datacenter.schedule.EdgeClock}). Plain Java: no OSGi, no static state, time from an injected {@link
 * java.time.Clock} or passed in.
 *
 * <h2>What is in force at an instant</h2>
 *
 * <ol>
 *   <li>A <b>policy day</b> whose date is the instant's date in the schedule's zone: its policy, from that date's
 *       first instant (midnight, or the first instant after a midnight gap) to the next date's. The first day listed
 *       that matches wins (a one-off {@code 2026-05-01} listed before a yearly {@code --05-01} overrides it that year).
 *   <li>Otherwise the first <b>window</b>, in list order, that is open: earlier windows win where windows overlap.
 *   <li>Otherwise the schedule's <b>default policy</b>.
 * </ol>
 *
 * <h2>When a window is open</h2>
 *
 * Each firing of its {@code start} expression (a Quartz {@link org.quartz.CronExpression}, read in the window's
 * zone) begins an <i>occurrence</i>, unless the firing's date in that zone is one of the window's exception dates:
 * an exception skips the occurrence that would start that day, and does not cut short the one already running (a
 * night that began the evening before a holiday runs to its morning). The occurrence ends at the first firing of
 * {@code end} strictly after its start. Start instants are included, end instants excluded: at 08:00 a window
 * {@code 08:00-18:00} is open, at 18:00 it is not. A start that fires while the window is open changes nothing; a
 * start and an end at the same instant leave the window open (a window from 08:00 to 08:00 is always open). Hence
 * "power saving from Friday 20:00 to Monday 07:00" is one window, start {@code 0 0 20 ? * MON-FRI}, end {@code 0 0 7
 * ? * MON-FRI}: Friday's start ends at the next weekday 07:00.
 *
 * <p>Exception dates are {@code 2026-12-25} (that day) or {@code --12-25} (every year; {@code --02-29} only in leap
 * years).
 *
 * <h2>The horizon: the longest occurrence</h2>
 *
 * Quartz only computes the next firing, never the previous one. What is open at t is found from the latest start at
 * or before t, by bisection on "the first start after x is at or before t" (whole seconds, about 25 evaluations back
 * over a year). The search reaches back {@link org.strata.datacenter.schedule.PolicyCalendar#HORIZON} (366 days),
 * and that bound is a rule, not an approximation: <b>an occurrence lasts at most 366 days</b>; if its end has not
 * fired by then, it ends then. So a start that fires less often than once a year (a {@code 29 2 ?} start, a start
 * restricted to one year) opens its window for at most 366 days. The same bound limits how far ahead an edge is
 * looked for ({@code until} and {@code nextEdge} are empty beyond it) and how far back {@code since} is (null
 * beyond it), and the length of one timeline.
 *
 * <h2>A start whose end never fires (a bad pair)</h2>
 *
 * Evaluation never fails on it: the occurrence ends after the horizon, as above. When a schedule is saved, the
 * caller runs {@link org.strata.datacenter.schedule.PolicyCalendar#requireLive}, which refuses a window whose start
 * never fires again, or whose end does not fire within 366 days after its next start (a user's mistake in nearly
 * every case). A stored schedule is never refused for the passing of time: windows that have passed simply stop.
 *
 * <h2>Changes of time</h2>
 *
 * <ul>
 *   <li><b>Spring forward</b>: Quartz skips a firing whose local time does not exist (02:30 in Paris on the last
 *       Sunday of March; 00:00 in Santiago on the first Sunday of September). Here such a firing happens at the end
 *       of the gap (03:00 CEST; 01:00 in Santiago), once even if the expression names several times in the gap, and
 *       that day's window is not lost. The rule applies to starts and ends alike.
 *   <li><b>Fall back</b>: a local time that happens twice fires once, at its second occurrence (02:30 in Paris on the
 *       last Sunday of October fires at 02:30 CET, 01:30 UTC), which is what Quartz does. A window across that night
 *       lasts an hour longer in real time.
 * </ul>
 *
 * <h2>Edges</h2>
 *
 * An edge is an instant at which the entry in force (a policy day, a window, or the default) changes; two adjacent
 * windows with one policy still make an edge, so the listener and the timeline always say which window applies.
 * Back-to-back occurrences of one window make none.
 */
package org.strata.datacenter.schedule;
