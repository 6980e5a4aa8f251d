package io.aiosedge.browsertest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A user changes the scheduler's placement policy in the Felix web console of the standalone gateway (headless
 * Chromium): Configuration page, the scheduler's configuration (rendered from our metatype), a new policy, Save.
 * The running scheduler must use it: the gateway's own Gogo shell (on the process's stdin) answers
 * {@code aios:policy} with the new name.
 */
class WebConsoleSchedulerPolicyIT {

    private static final String PID = "io.aiosedge.scheduler.TaskScheduler";

    @TempDir
    Path folder;

    private GatewayConsole console;

    @BeforeEach
    void startGatewayAndBrowser() throws Exception {
        this.console = GatewayConsole.start(this.folder);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (this.console != null) {
            this.console.close();
        }
    }

    @Test
    void changingThePlacementPolicyInTheWebConsoleChangesTheRunningScheduler() throws Exception {
        assertThat(this.console.shell("aios:policy", "policy:")).as("the standalone gateway's default policy")
                .contains("policy: joint-inference");

        WebDriver browser = this.console.browser();
        browser.get(this.console.consoleUrl() + "/configMgr/" + PID);
        WebDriverWait wait = new WebDriverWait(browser, GatewayConsole.TIMEOUT);
        WebElement policy = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("policy")));
        assertThat(browser.getPageSource()).as("the form is rendered from our metatype")
                .contains("Placement policy");
        Select choice = new Select(policy);
        assertThat(choice.getFirstSelectedOption().getAttribute("value")).isEqualTo("joint-inference");
        choice.selectByValue("local-only");

        WebElement save = browser.findElements(By.tagName("button")).stream()
                .filter(b -> b.isDisplayed() && "Save".equals(b.getText().trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no Save button on " + browser.getPageSource()));
        save.click();
        wait.until(ExpectedConditions.invisibilityOf(policy));

        String answer = awaitPolicy("policy: local-only");
        assertThat(answer).contains("policy: local-only");
    }

    /** Repeats aios:policy until its answer contains {@code expected} (the configuration applies asynchronously). */
    private String awaitPolicy(String expected) throws Exception {
        long deadline = System.nanoTime() + GatewayConsole.TIMEOUT.toNanos();
        String answer;
        do {
            answer = this.console.shell("aios:policy", "policy:");
            if (answer.contains(expected)) {
                return answer;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("'aios:policy' never answered '" + expected + "'; last answer: " + answer);
    }
}
