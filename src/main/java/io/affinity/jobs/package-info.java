/** The {@code jobs} Lambda: the scheduled and on-demand work of the other capabilities (training, batch scoring). */
package io.affinity.jobs;
