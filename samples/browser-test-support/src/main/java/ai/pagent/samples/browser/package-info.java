/**
 * The shared part of the samples' end-to-end tests: {@link ai.pagent.samples.browser.Chromium}
 * (Debian's headless Chromium through Selenium, nothing downloaded) and {@link
 * ai.pagent.samples.browser.ShopJourney} (open the product page, buy, read the receipt).
 */
@NullMarked
package ai.pagent.samples.browser;

import org.jspecify.annotations.NullMarked;
