package io.cronbeat;
public class Main { public static void main(String[] a) {} }
